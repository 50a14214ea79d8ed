import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import { emailTemplates, type EmailTemplateName } from "../../emails";
import { LANGUAGES } from "../../app/locales";
import { db, transaction } from "../../app/utils/db.server";
import { enqueueEmail, renderEmail } from "../../app/utils/email.server";
import { sendEmail } from "../factories/email";
import { env } from "../../app/utils/env.server";
import { createContact } from "../factories";
import { outboxEmail } from "../factories/outbox";

const link = { name: "Sam Carter", url: "https://kizuna.example/login/abc123", expiresMinutes: 15 };

describe("renderEmail: magic-link", () => {
  it("renders English: subject, lang attribute, button, plain URL, and a text part", async () => {
    const email = await renderEmail("magic-link", link, "en");
    expect(email.subject).toBe("Your sign-in link for Kizuna");
    expect(email.html).toContain('lang="en"');
    expect(email.html).toContain("Hi Sam Carter,");
    expect(email.html).toContain(`href="${link.url}"`);
    expect(email.html).toContain("expires in 15 minutes");
    expect(email.html).toContain("Didn&#x27;t ask to sign in?");
    expect(email.text).toContain("Hi Sam Carter,");
    expect(email.text).toContain(link.url);
    expect(email.text).toContain("Didn't ask to sign in?");
    expect(email.text).not.toContain("<");
  });

  it("renders Japanese for a Japanese contact", async () => {
    const email = await renderEmail("magic-link", { ...link, name: "佐藤 花子" }, "ja");
    expect(email.subject).toBe("Kizuna ログイン用リンクのお知らせ");
    expect(email.html).toContain('lang="ja"');
    expect(email.html).toContain("佐藤 花子 様");
    expect(email.html).toContain("15 分で有効期限が切れます");
    expect(email.text).toContain("Kizuna にログイン");
    expect(email.text).toContain(link.url);
    expect(email.text).not.toMatch(/Sign in|expires/);
  });

  it("greets without a name and uses the singular for one minute", async () => {
    const email = await renderEmail("magic-link", { ...link, name: null, expiresMinutes: 1 }, "en");
    expect(email.text).toMatch(/^Hi,$/m);
    expect(email.text).toContain("expires in 1 minute.");
  });

  it("renders every template's preview in every language without a missing string", async () => {
    for (const name of Object.keys(emailTemplates) as EmailTemplateName[]) {
      for (const locale of LANGUAGES) {
        const email = await renderEmail(name, emailTemplates[name].preview as never, locale);
        expect(email.subject.length).toBeGreaterThan(0);
        expect(email.html).toContain(`lang="${locale}"`);
        expect(email.text.length).toBeGreaterThan(0);
      }
    }
  });
});

describe("enqueueEmail and sendEmail", () => {
  it("queues a rendered email from EMAIL_FROM, due now, tagged with its template", async () => {
    const contact = createContact({ locale: "ja" });
    const before = Date.now();
    const id = await sendEmail("magic-link", link, { to: contact.email, locale: "ja", contactId: contact.id, replyTo: "cs@vendor.example" });
    const row = outboxEmail(eq(outbox.id, id))!;
    expect(row).toMatchObject({
      template: "magic-link",
      toEmail: contact.email,
      fromEmail: env().EMAIL_FROM,
      replyTo: "cs@vendor.example",
      subject: "Kizuna ログイン用リンクのお知らせ",
      locale: "ja",
      contactId: contact.id,
      status: "queued",
      attempts: 0,
      batchId: null,
    });
    expect(row.nextAttemptAt).toBeGreaterThanOrEqual(before);
    expect(row.tags).toEqual([{ name: "template", value: "magic-link" }]);
    expect(row.text).toContain(link.url);
  });

  it("commits with the business change or not at all", async () => {
    const rendered = await renderEmail("magic-link", link, "en");
    const count = () => db.select().from(outbox).all().length;
    const before = count();
    expect(() =>
      transaction((tx) => {
        enqueueEmail(tx, { template: "magic-link", to: "rollback@example.com", locale: "en", ...rendered });
        throw new Error("the business change failed");
      }),
    ).toThrow("the business change failed");
    expect(count()).toBe(before);
  });

  it("refuses a malformed email and writes nothing", async () => {
    const rendered = await renderEmail("magic-link", link, "en");
    const count = () => db.select().from(outbox).all().length;
    const before = count();
    expect(() => transaction((tx) => enqueueEmail(tx, { template: "magic-link", to: "not-an-address", locale: "en", ...rendered }))).toThrow();
    expect(() =>
      transaction((tx) =>
        enqueueEmail(tx, { template: "magic-link", to: "a@example.com", locale: "en", tags: [{ name: "bad tag", value: "x" }], ...rendered }),
      ),
    ).toThrow();
    expect(count()).toBe(before);
  });
});
