import { wordMessage } from "../../app/domain/field-message";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, jobs, settings } from "../../db/schema";
import { action, loader } from "../../app/routes/cs.settings";
import { loader as alertsLoader } from "../../app/routes/cs.settings.alerts";
import { loader as loopLoader } from "../../app/routes/cs.settings.close-the-loop";
import { getSetting } from "../../app/models/settings.server";
import { SLACK_TEST_JOB } from "../../app/services/slack-alerts.server";
import { db } from "../../app/utils/db.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

type Wrapped = { type: "DataWithResponseInit"; data: Record<string, any>; init: { status?: number } | null };

async function post(form: Record<string, string>, cookie: string) {
  const value = (await action({ request: formRequest("/cs/settings", form, cookie), params: {}, context: {} } as never)) as Wrapped | Record<string, any>;
  if (value.type === "DataWithResponseInit") return { status: (value as Wrapped).init?.status ?? 200, body: (value as Wrapped).data };
  return { status: 200, body: value as Record<string, any> };
}

const WEBHOOK = "https://hooks.slack.com/services/T0001/B0002/secretTokenXYZ";

const loopForm = (overrides: Record<string, string> = {}) => ({
  intent: "close-the-loop",
  slaBusinessDays: "3",
  timeZone: "Asia/Tokyo",
  holidays: "2027-01-01\r\n\r\n2026-12-31\n 2027-01-01 ",
  "tech[0].currency": "usd",
  "tech[0].amount": "10,000.50",
  "tech[1].currency": "JPY",
  "tech[1].amount": "1,000,000",
  "tech[2].currency": "",
  "tech[2].amount": "",
  ...overrides,
});

const auditText = () => JSON.stringify(db.select().from(auditLog).all());

let adminCookie: string;

beforeEach(async () => {
  for (const table of [settings, auditLog, jobs]) db.delete(table).run();
  adminCookie = await staffCookie(createStaff("admin", { name: "Aiko Suzuki" }).id);
});

describe("/cs/settings: closing the loop", () => {
  it("shows the current rules with amounts in major units", async () => {
    const page = await loopLoader({ request: getRequest("/cs/settings/close-the-loop", adminCookie), params: {}, context: {} } as never);
    expect(page.closeTheLoop).toEqual({
      slaBusinessDays: "2",
      timeZone: "UTC",
      holidays: "",
      tech: [
        { currency: "EUR", amount: "9,000" },
        { currency: "JPY", amount: "1,000,000" },
        { currency: "USD", amount: "10,000" },
      ],
    });
    expect(page.timeZones[0]).toBe("UTC");
    expect(page.timeZones).toContain("Asia/Tokyo");
    expect(db.select().from(settings).all()).toHaveLength(0);
  });

  it("saves SLA, zone, holidays (sorted, once each) and tech-touch thresholds in minor units, audited", async () => {
    const { status, body } = await post(loopForm(), adminCookie);
    expect(status).toBe(200);
    expect(body.message).toContain("Saved");
    expect(getSetting("closeTheLoop")).toEqual({
      slaBusinessDays: 3,
      timeZone: "Asia/Tokyo",
      holidays: ["2026-12-31", "2027-01-01"],
      japanHolidays: false,
      techTouchCaseThresholds: { USD: 1_000_050, JPY: 1_000_000 },
    });
    const entry = db.select().from(auditLog).where(eq(auditLog.action, "settings.close_the_loop_updated")).get()!;
    expect(entry.detail).toMatchObject({ before: { slaBusinessDays: 2 }, after: { slaBusinessDays: 3 } });
  });

  it("ticks Japan's public holidays by default for a team on Tokyo time only, and keeps the team's choice", async () => {
    const show = async () =>
      (await loopLoader({ request: getRequest("/cs/settings/close-the-loop", adminCookie), params: {}, context: {} } as never)).closeTheLoop.japanHolidays;
    expect(await show()).toBeUndefined();
    await post(loopForm({ japanHolidays: "on" }), adminCookie);
    expect(getSetting("closeTheLoop").japanHolidays).toBe(true);
    expect(await show()).toBe("on");
    // Unticked on Tokyo time: stored as a choice, not re-ticked by the zone's default.
    await post(loopForm(), adminCookie);
    expect(getSetting("closeTheLoop").japanHolidays).toBe(false);
    expect(await show()).toBeUndefined();
    // A team on Tokyo time that never chose (settings saved before the option existed) counts them.
    db.delete(settings).run();
    db.insert(settings)
      .values({ key: "closeTheLoop", value: { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "Asia/Tokyo", holidays: [] } })
      .run();
    expect(await show()).toBe("on");
  });

  it("refuses bad input with a message on the field, saving nothing", async () => {
    const cases: [Record<string, string>, string][] = [
      [loopForm({ slaBusinessDays: "0" }), "slaBusinessDays"],
      [loopForm({ slaBusinessDays: "31" }), "slaBusinessDays"],
      [loopForm({ slaBusinessDays: "2.5" }), "slaBusinessDays"],
      [loopForm({ slaBusinessDays: "" }), "slaBusinessDays"],
      [loopForm({ timeZone: "Mars/Olympus" }), "timeZone"],
      [loopForm({ timeZone: "" }), "timeZone"],
      [loopForm({ holidays: "2027-01-01\n2027-02-30" }), "holidays"],
      [loopForm({ holidays: "next friday" }), "holidays"],
      [loopForm({ holidays: Array.from({ length: 101 }, (_, i) => new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10)).join("\n") }), "holidays"],
      [loopForm({ "tech[0].currency": "ZZZ" }), "tech[0].currency"],
      [loopForm({ "tech[1].currency": "USD" }), "tech[1].currency"],
      [loopForm({ "tech[0].amount": "abc" }), "tech[0].amount"],
      [loopForm({ "tech[1].amount": "1,000.5" }), "tech[1].amount"],
    ];
    for (const [form, field] of cases) {
      const { status, body } = await post(form, adminCookie);
      expect(status, field).toBe(400);
      expect(body.result.error[field], field).toBeDefined();
    }
    // The message is a code with its parameters, worded in the reader's language where the form renders.
    const holidayLine = body400Line(await post(loopForm({ holidays: "2027-01-01\n2027-02-30" }), adminCookie));
    expect(wordMessage(holidayLine, "en")).toContain("Line 2 (“2027-02-30”)");
    expect(wordMessage(holidayLine, "ja")).toBe("2 行目（「2027-02-30」）が YYYY-MM-DD 形式の日付ではありません。");
    expect(db.select().from(settings).all()).toHaveLength(0);
    expect(db.select().from(auditLog).all()).toHaveLength(0);
  });
});

function body400Line(reply: { body: Record<string, any> }): string {
  return String(reply.body.result.error.holidays?.[0] ?? "");
}

describe("/cs/settings: alerts", () => {
  it("saves a Slack webhook without ever writing or showing the URL again", async () => {
    const { status, body } = await post({ intent: "alerts", slackWebhookUrl: ` ${WEBHOOK} ` }, adminCookie);
    expect(status).toBe(200);
    expect(JSON.stringify(body)).not.toContain("secretTokenXYZ");
    expect(getSetting("alerts")).toEqual({ slackWebhookUrl: WEBHOOK });
    const entry = db.select().from(auditLog).where(eq(auditLog.action, "settings.alerts_updated")).get()!;
    expect(entry.detail).toEqual({ slackWebhook: "set" });
    expect(auditText()).not.toContain("secretTokenXYZ");
    expect(auditText()).not.toContain("hooks.slack.com");

    const page = await alertsLoader({ request: getRequest("/cs/settings/alerts", adminCookie), params: {}, context: {} } as never);
    expect(page.slackWebhook).toBe("https://hooks.slack.com/services/…nXYZ");
    expect(JSON.stringify(page)).not.toContain("secretTokenXYZ");

    // Replacing and saving the same one again.
    await post({ intent: "alerts", slackWebhookUrl: "https://hooks.slack.com/services/T0001/B0003/otherSecret" }, adminCookie);
    expect((await post({ intent: "alerts", slackWebhookUrl: "https://hooks.slack.com/services/T0001/B0003/otherSecret" }, adminCookie)).body.message).toContain(
      "already saved",
    );
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, "settings.alerts_updated"))
        .all()
        .map((e) => e.detail),
    ).toEqual([{ slackWebhook: "set" }, { slackWebhook: "replaced" }]);
    expect(auditText()).not.toContain("otherSecret");
  });

  it("accepts only https://hooks.slack.com/ URLs, without echoing what was typed", async () => {
    for (const url of [
      "",
      "not a url",
      "http://hooks.slack.com/services/T/B/x",
      "https://evil.example/services/T/B/x",
      "https://hooks.slack.com.evil.example/services/T/B/x",
      "https://hooks.slack.com@evil.example/services/x",
      "https://hooks.slack.com/",
      `https://hooks.slack.com/services/${"x".repeat(600)}`,
    ]) {
      const { status, body } = await post({ intent: "alerts", slackWebhookUrl: url }, adminCookie);
      expect(status, url).toBe(400);
      expect(body.result.error.slackWebhookUrl, url).toBeDefined();
      if (url) expect(JSON.stringify(body.result.initialValue ?? {}), url).not.toContain(url);
    }
    expect(db.select().from(settings).all()).toHaveLength(0);
  });

  it("queues a test message for the saved webhook, and refuses one when none is set", async () => {
    const refused = await post({ intent: "slack-test" }, adminCookie);
    expect(refused.status).toBe(400);
    expect(refused.body.result.error[""][0]).toContain("Save a Slack webhook URL first");
    expect(db.select().from(jobs).all()).toHaveLength(0);

    await post({ intent: "alerts", slackWebhookUrl: WEBHOOK }, adminCookie);
    const { status } = await post({ intent: "slack-test" }, adminCookie);
    expect(status).toBe(200);
    const [job] = db.select().from(jobs).where(eq(jobs.type, SLACK_TEST_JOB)).all();
    expect(job.payload).toEqual({ requestedBy: "Aiko Suzuki" });
    expect(JSON.stringify(job)).not.toContain("secretTokenXYZ");
  });

  it("removes the webhook, audited as removed", async () => {
    await post({ intent: "alerts", slackWebhookUrl: WEBHOOK }, adminCookie);
    const { status } = await post({ intent: "slack-remove" }, adminCookie);
    expect(status).toBe(200);
    expect(getSetting("alerts")).toEqual({ slackWebhookUrl: null });
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, "settings.alerts_updated"))
        .all()
        .map((e) => e.detail),
    ).toEqual([{ slackWebhook: "set" }, { slackWebhook: "removed" }]);
  });

  it("answers 400 to an unknown form", async () => {
    await expect(post({ intent: "drop-tables" }, adminCookie)).rejects.toMatchObject({ init: { status: 400 } });
  });
});

describe("/cs/settings: who may", () => {
  it("refuses viewers and CSMs every section, writing nothing", async () => {
    for (const role of ["viewer", "csm"] as const) {
      const cookie = await staffCookie(createStaff(role).id);
      await expect(loader({ request: getRequest("/cs/settings", cookie), params: {}, context: {} } as never)).rejects.toMatchObject({ status: 403 });
      const forms: Record<string, string>[] = [
        loopForm(),
        { intent: "alerts", slackWebhookUrl: WEBHOOK },
        { intent: "slack-test" },
        { intent: "slack-remove" },
      ];
      for (const form of forms) {
        await expect(post(form, cookie)).rejects.toMatchObject({ status: 403 });
      }
    }
    expect(db.select().from(settings).all()).toHaveLength(0);
    expect(db.select().from(jobs).all()).toHaveLength(0);
    expect(db.select().from(auditLog).all()).toHaveLength(0);
  });

  it("refuses signed-out requests", async () => {
    await expect(post({ intent: "alerts", slackWebhookUrl: WEBHOOK }, "")).rejects.toMatchObject({ status: 302 });
    expect(db.select().from(settings).all()).toHaveLength(0);
  });
});
