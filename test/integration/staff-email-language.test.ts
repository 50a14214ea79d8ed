import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, auditLog, cases, contacts, jobs, outbox, responses, settings } from "../../db/schema";
import "../../app/jobs.server";
import { categoryFor } from "../../app/domain/nps";
import { putSetting } from "../../app/models/settings.server";
import { sendAdminDigest } from "../../app/services/admin-digest.server";
import { runResponsePipeline } from "../../app/services/run-response-pipeline.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff } from "../factories";
import { outboxEmails } from "../factories/outbox";

/*
 * Emails to staff are written in the recipient's console language (users.locale), and in the
 * team's (Japanese on Tokyo time, else English) for someone who never signed in. Real rendered
 * React Email, read back from the outbox.
 */

const mails = (template: string) => outboxEmails(eq(outbox.template, template));

function detractor(csmLocale: "en" | "ja" | null, answeredAt = Date.now()) {
  const csm = createStaff("csm", { name: "田中 優希", locale: csmLocale });
  const account = createAccount({
    name: "さくら物流",
    segment: "high",
    acvAmount: 3_600_000,
    acvCurrency: "JPY",
    renewalDate: "2027-06-30",
    csmUserId: csm.id,
  });
  const contact = createContact({ accountId: account.id, name: "佐藤 花子", locale: "ja" });
  const response = db
    .insert(responses)
    .values({
      contactId: contact.id,
      accountId: account.id,
      score: 3,
      comment: "エクスポートがタイムアウトします。",
      category: categoryFor(3),
      locale: "ja",
      createdAt: answeredAt,
      updatedAt: answeredAt,
    })
    .returning()
    .get();
  return { csm, response };
}

const loop = (timeZone: string) => putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone, holidays: [] });

beforeEach(() => {
  for (const table of [jobs, outbox, auditLog, cases, responses, contacts, accounts, settings]) db.delete(table).run();
});

describe("the admin digest in each admin's language", () => {
  it("is Japanese for a Japanese admin and English for an English one, from the same day's news", async () => {
    const slot = { day: "2026-11-24", at: Date.parse("2026-11-24T08:00:00Z") };
    const ja = createStaff("admin", { name: "鈴木 愛子", locale: "ja" });
    const en = createStaff("admin", { name: "Aiko Suzuki", locale: "en" });
    const undecided = createStaff("admin", { name: "Ren Mori", locale: null });
    detractor("ja", slot.at - 3_600_000);

    expect(await sendAdminDigest(slot)).toEqual({ sent: 3 });
    const byRecipient = new Map(mails("admin-digest").map((mail) => [mail.toEmail, mail]));

    const japanese = byRecipient.get(ja.email)!;
    expect(japanese.locale).toBe("ja");
    expect(japanese.subject).toBe("Kizuna ダイジェスト 2026年11月24日: 新しい批判者 1 件・期限超過のフォロー 0 件");
    expect(japanese.text).toContain("鈴木 愛子 さん");
    expect(japanese.text).toContain("過去 24 時間の新しい批判者: 1 件");
    expect(japanese.text).toContain("3 点 · さくら物流 · 年間契約額 ¥3,600,000");
    expect(japanese.html).toContain('lang="ja"');
    for (const english of ["Hi ", "new detractor", "overdue", "Open the console", "Last 7 days"]) expect(japanese.text).not.toContain(english);

    const englishMail = byRecipient.get(en.email)!;
    expect(englishMail.locale).toBe("en");
    expect(englishMail.subject).toBe("Kizuna digest for 2026-11-24: 1 new detractor · overdue follow-ups: 0");
    expect(englishMail.text).toContain("Hi Aiko Suzuki,");
    expect(englishMail.text).not.toMatch(/ダイジェスト|批判者|期限/);

    // Never signed in, on a UTC team: the team's language is English.
    expect(byRecipient.get(undecided.email)!.locale).toBe("en");
  });

  it("is Japanese for an admin who never signed in when the team works on Tokyo time", async () => {
    loop("Asia/Tokyo");
    const slot = { day: "2026-11-24", at: Date.parse("2026-11-23T23:00:00Z") };
    const admin = createStaff("admin", { locale: null });
    detractor(null, slot.at - 3_600_000);
    await sendAdminDigest(slot);
    const mail = mails("admin-digest").find((sent) => sent.toEmail === admin.email)!;
    expect(mail.locale).toBe("ja");
    expect(mail.subject).toContain("新しい批判者 1 件");
  });
});

describe("the detractor alert in the CSM's language", () => {
  it("tells a Japanese CSM in Japanese, with the date and money written the Japanese way", async () => {
    const { csm, response } = detractor("ja");
    await runResponsePipeline(response.id);
    const [alert] = mails("detractor-alert");
    expect(alert.toEmail).toBe(csm.email);
    expect(alert.locale).toBe("ja");
    expect(alert.subject).toBe("さくら物流 で批判者の回答（3 点）");
    expect(alert.text).toContain("田中 優希 さん");
    expect(alert.text).toContain("年間契約額: ¥3,600,000");
    expect(alert.text).toContain("更新日: 2027年6月30日");
    expect(alert.text).not.toContain("Renewal");
  });

  it("tells an English CSM in English", async () => {
    const { response } = detractor("en");
    await runResponsePipeline(response.id);
    const [alert] = mails("detractor-alert");
    expect(alert.locale).toBe("en");
    expect(alert.subject).toBe("Detractor at さくら物流: scored 3");
    expect(alert.text).toContain("Renews on Jun 30, 2027");
  });
});
