import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, settings } from "../../db/schema";
import { DEFAULT_SURVEY } from "../../app/domain/survey";
import { getSetting } from "../../app/models/settings.server";
import { action, loader } from "../../app/routes/cs.survey";
import { db } from "../../app/utils/db.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

type Wrapped = { type: "DataWithResponseInit"; data: Record<string, any>; init: { status?: number } | null };

async function post(form: Record<string, string>, cookie: string) {
  const value = (await action({ request: formRequest("/cs/survey", form, cookie), params: {}, context: {} } as never)) as Wrapped | Record<string, any>;
  if (value.type === "DataWithResponseInit") return { status: (value as Wrapped).init?.status ?? 200, body: (value as Wrapped).data };
  return { status: 200, body: value as Record<string, any> };
}

let adminCookie: string;
let current: Record<string, string>;

beforeEach(async () => {
  db.delete(settings).run();
  adminCookie = await staffCookie(createStaff("admin").id);
  current = (await loader({ request: getRequest("/cs/survey", adminCookie), params: {}, context: {} } as never)).values;
});

describe("/cs/survey", () => {
  it("shows the default survey", () => {
    expect(current).toMatchObject({
      productName: "Kizuna",
      "question.en": DEFAULT_SURVEY.question.en,
      "thresholds.promoterMin": "9",
      throttleDays: "90",
      reminderAfterDays: "3",
      reviewUrl: "",
    });
  });

  it("saves every field, audited with before and after", async () => {
    const { status, body } = await post(
      {
        ...current,
        productName: "Acme CRM",
        "question.ja": "{product}をおすすめしますか？",
        "followUp.detractor.en": "What should we fix first?",
        "thresholds.promoterMin": "8",
        "thresholds.detractorMax": "5",
        reviewUrl: "https://www.itreview.jp/products/acme",
        throttleDays: "60",
        minAccountAgeDays: "14",
        reminderAfterDays: "",
      },
      adminCookie,
    );
    expect(status).toBe(200);
    expect(body.saved).toBe(true);
    expect(getSetting("npsSurvey")).toMatchObject({
      productName: "Acme CRM",
      question: { ja: "{product}をおすすめしますか？" },
      followUp: { detractor: { en: "What should we fix first?" } },
      thresholds: { promoterMin: 8, detractorMax: 5 },
      reviewUrl: "https://www.itreview.jp/products/acme",
      helpUrl: null,
      throttleDays: 60,
      minAccountAgeDays: 14,
      reminderAfterDays: null,
    });
    const entry = db.select().from(auditLog).where(eq(auditLog.action, "settings.nps_survey_updated")).get()!;
    expect(entry.detail).toMatchObject({ before: { productName: "Kizuna" }, after: { productName: "Acme CRM" } });
  });

  it("refuses bad fields with a message on each and saves nothing", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ "question.ja": "" }, "question.ja"],
      [{ "followUp.passive.en": "x".repeat(501) }, "followUp.passive.en"],
      [{ "thresholds.promoterMin": "6", "thresholds.detractorMax": "7" }, "thresholds.detractorMax"],
      [{ "thresholds.promoterMin": "11" }, "thresholds.promoterMin"],
      [{ throttleDays: "abc" }, "throttleDays"],
      [{ reminderAfterDays: "0" }, "reminderAfterDays"],
      [{ reviewUrl: "javascript:alert(1)" }, "reviewUrl"],
      [{ productName: "" }, "productName"],
    ];
    for (const [change, field] of cases) {
      const { status, body } = await post({ ...current, ...change }, adminCookie);
      expect(status, field).toBe(400);
      expect(body.result.error[field]?.[0], field).toEqual(expect.any(String));
    }
    expect(db.select().from(settings).all()).toHaveLength(0);
  });

  it("refuses viewers and CSMs", async () => {
    for (const role of ["viewer", "csm"] as const) {
      const cookie = await staffCookie(createStaff(role).id);
      await expect(loader({ request: getRequest("/cs/survey", cookie), params: {}, context: {} } as never)).rejects.toMatchObject({ status: 403 });
      await expect(post({ ...current, productName: "Hacked" }, cookie)).rejects.toMatchObject({ status: 403 });
    }
    expect(db.select().from(settings).all()).toHaveLength(0);
  });
});
