import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, settings } from "../../db/schema";
import { getSetting } from "../../app/models/settings.server";
import { action } from "../../app/routes/cs.settings";
import { loader } from "../../app/routes/cs.settings.promoter-asks";
import { PROMOTER_SETTINGS_AUDIT, updatePromoterSettings } from "../../app/services/update-promoter-settings.server";
import { ServiceError } from "../../app/domain/service-error";
import { db } from "../../app/utils/db.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

type Wrapped = { type: "DataWithResponseInit"; data: Record<string, any>; init: { status?: number } | null };

async function post(form: Record<string, string>, cookie: string) {
  const value = (await action({ request: formRequest("/cs/settings", form, cookie), params: {}, context: {} } as never)) as Wrapped | Record<string, any>;
  if (value.type === "DataWithResponseInit") return { status: (value as Wrapped).init?.status ?? 200, body: (value as Wrapped).data };
  return { status: 200, body: value as Record<string, any> };
}

const G2 = "https://www.g2.com/products/kizuna/reviews";
const ITREVIEW = "https://www.itreview.jp/products/kizuna/review";

const reviewForm = (reviewUrl: string) => ({ intent: "promoter-actions", reviewUrl });
const entries = () => db.select().from(auditLog).where(eq(auditLog.action, PROMOTER_SETTINGS_AUDIT)).all();
const pageFor = (cookie: string) => loader({ request: getRequest("/cs/settings/promoter-asks", cookie), params: {}, context: {} } as never);

let adminCookie: string;

beforeEach(async () => {
  for (const table of [settings, auditLog]) db.delete(table).run();
  adminCookie = await staffCookie(createStaff("admin").id);
});

describe("/cs/settings: promoter asks", () => {
  it("shows no review link until one is saved", async () => {
    expect((await pageFor(adminCookie)).reviewUrl).toBeNull();
    expect(db.select().from(settings).all()).toHaveLength(0);
  });

  it("saves, replaces and clears the review link, each audited with the old and new address", async () => {
    const saved = await post(reviewForm(` ${G2} `), adminCookie);
    expect(saved.status).toBe(200);
    expect(saved.body.message).toContain("Saved");
    expect(getSetting("promoterActions")).toEqual({ reviewUrl: G2 });
    expect((await pageFor(adminCookie)).reviewUrl).toBe(G2);

    expect((await post(reviewForm(ITREVIEW), adminCookie)).status).toBe(200);
    expect(getSetting("promoterActions")).toEqual({ reviewUrl: ITREVIEW });

    const cleared = await post(reviewForm(""), adminCookie);
    expect(cleared.status).toBe(200);
    expect(cleared.body.message).toContain("Removed");
    expect(getSetting("promoterActions")).toEqual({ reviewUrl: null });

    expect(entries().map((entry) => ({ entity: entry.entity, entityId: entry.entityId, detail: entry.detail }))).toEqual([
      { entity: "settings", entityId: "promoterActions", detail: { before: null, after: G2 } },
      { entity: "settings", entityId: "promoterActions", detail: { before: G2, after: ITREVIEW } },
      { entity: "settings", entityId: "promoterActions", detail: { before: ITREVIEW, after: null } },
    ]);
  });

  it("stores the address in its normal form and writes nothing when it is already saved", async () => {
    await post(reviewForm("HTTPS://WWW.G2.COM/products/kizuna/reviews"), adminCookie);
    expect(getSetting("promoterActions")).toEqual({ reviewUrl: G2 });
    const again = await post(reviewForm(G2), adminCookie);
    expect(again.status).toBe(200);
    expect(again.body.message).toContain("already saved");
    // Clearing when nothing is set is not a change either.
    await post(reviewForm(""), adminCookie);
    await post(reviewForm("   "), adminCookie);
    expect(entries().map((entry) => entry.detail)).toEqual([
      { before: null, after: G2 },
      { before: G2, after: null },
    ]);
  });

  it("refuses anything but an http(s) address, with the message on the field, writing nothing", async () => {
    await post(reviewForm(G2), adminCookie);
    db.delete(auditLog).run();
    for (const url of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      "ftp://x",
      "data:text/html,<script>alert(1)</script>",
      "mailto:reviews@example.com",
      "www.g2.com/products/kizuna",
      "not a url",
      "https://",
      "https://user:secret@www.g2.com/products/kizuna",
      `https://www.g2.com/${"x".repeat(500)}`,
    ]) {
      const { status, body } = await post(reviewForm(url), adminCookie);
      expect(status, url).toBe(400);
      expect(body.result.error.reviewUrl, url).toBeDefined();
    }
    expect(getSetting("promoterActions")).toEqual({ reviewUrl: G2 });
    expect(db.select().from(auditLog).all()).toHaveLength(0);
  });

  it("the service itself refuses a bad address and never takes it for none", () => {
    const admin = createStaff("admin");
    updatePromoterSettings(admin, { reviewUrl: G2 });
    for (const url of ["javascript:alert(1)", "ftp://x", "not a url", `https://www.g2.com/${"x".repeat(500)}`]) {
      expect(() => updatePromoterSettings(admin, { reviewUrl: url }), url).toThrow(expect.objectContaining({ status: 400 }));
    }
    expect(getSetting("promoterActions")).toEqual({ reviewUrl: G2 });
    expect(entries()).toHaveLength(1);
  });
});

describe("/cs/settings: who may set the review link", () => {
  it("refuses CSMs and viewers with 403, writing nothing", async () => {
    for (const role of ["csm", "viewer"] as const) {
      const cookie = await staffCookie(createStaff(role).id);
      await expect(pageFor(cookie)).rejects.toMatchObject({ status: 403 });
      await expect(post(reviewForm(G2), cookie)).rejects.toMatchObject({ status: 403 });
      await expect(post(reviewForm(""), cookie)).rejects.toMatchObject({ status: 403 });
    }
    expect(db.select().from(settings).all()).toHaveLength(0);
    expect(db.select().from(auditLog).all()).toHaveLength(0);
  });

  it("re-checks the role in the service", () => {
    for (const role of ["csm", "viewer"] as const) {
      let refused: unknown;
      try {
        updatePromoterSettings(createStaff(role), { reviewUrl: G2 });
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(ServiceError);
      expect(refused).toMatchObject({ status: 403 });
    }
    expect(db.select().from(settings).all()).toHaveLength(0);
    expect(db.select().from(auditLog).all()).toHaveLength(0);
  });

  it("refuses signed-out requests", async () => {
    await expect(post(reviewForm(G2), "")).rejects.toMatchObject({ status: 302 });
    expect(db.select().from(settings).all()).toHaveLength(0);
  });

  it("GET changes nothing", async () => {
    await pageFor(adminCookie);
    expect(db.select().from(settings).all()).toHaveLength(0);
    expect(db.select().from(auditLog).all()).toHaveLength(0);
  });
});
