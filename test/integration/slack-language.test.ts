import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, settings } from "../../db/schema";
import { action, loader } from "../../app/routes/cs.settings.alerts";
import { getSetting, putSetting } from "../../app/models/settings.server";
import { db } from "../../app/utils/db.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

type Wrapped = { type: "DataWithResponseInit"; data: Record<string, any>; init: { status?: number } | null };

async function post(form: Record<string, string>, cookie: string) {
  const value = (await action({ request: formRequest("/cs/settings/alerts", form, cookie), params: {}, context: {} } as never)) as Wrapped;
  return { status: value.init?.status ?? 200, body: value.data };
}
const show = async (cookie: string) => (await loader({ request: getRequest("/cs/settings/alerts", cookie), params: {}, context: {} } as never)).slackLanguage;
const WEBHOOK = "https://hooks.slack.com/services/T0001/B0002/secretTokenXYZ";

let adminCookie: string;
let jaAdminCookie: string;

beforeEach(async () => {
  for (const table of [settings, auditLog]) db.delete(table).run();
  adminCookie = await staffCookie(createStaff("admin", { locale: "en" }).id);
  jaAdminCookie = await staffCookie(createStaff("admin", { locale: "ja" }).id);
});

describe("/cs/settings/alerts: the Slack language", () => {
  it("defaults to the team's (English on UTC, Japanese on Tokyo time) until an admin chooses", async () => {
    expect(await show(adminCookie)).toBe("en");
    putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "Asia/Tokyo", holidays: [] });
    expect(await show(adminCookie)).toBe("ja");
  });

  it("saves the choice, audited, answering in the admin's own language; a new webhook keeps it", async () => {
    const saved = await post({ intent: "slack-language", slackLanguage: "ja" }, jaAdminCookie);
    expect(saved.status).toBe(200);
    expect(saved.body.message).toBe("保存しました。これ以降の Slack アラートはこの言語で投稿されます。");
    expect(getSetting("alerts").slackLanguage).toBe("ja");
    expect(await show(adminCookie)).toBe("ja");
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, "settings.alerts_updated"))
        .all()
        .map((e) => e.detail),
    ).toEqual([{ slackLanguage: "ja" }]);

    await post({ intent: "alerts", slackWebhookUrl: WEBHOOK }, adminCookie);
    expect(getSetting("alerts")).toEqual({ slackWebhookUrl: WEBHOOK, slackLanguage: "ja" });

    expect((await post({ intent: "slack-language", slackLanguage: "en" }, adminCookie)).body.message).toContain("Saved.");
    expect(getSetting("alerts").slackLanguage).toBe("en");
  });

  it("refuses a language it does not have, and anyone but an admin, saving nothing", async () => {
    expect((await post({ intent: "slack-language", slackLanguage: "fr" }, adminCookie)).status).toBe(400);
    const csmCookie = await staffCookie(createStaff("csm").id);
    await expect(post({ intent: "slack-language", slackLanguage: "ja" }, csmCookie)).rejects.toMatchObject({ status: 403 });
    expect(getSetting("alerts").slackLanguage).toBeUndefined();
  });
});
