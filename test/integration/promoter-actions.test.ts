import { count, eq } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, caseEvents, cases, contacts, outbox, promoterActions, responses, settings, suppressions } from "../../db/schema";
import { action, loader } from "../../app/routes/cs.responses.$id";
import { putSetting } from "../../app/models/settings.server";
import { recordFollowUpConsent, recordNpsResponse } from "../../app/services/record-nps-response.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";
import { createInvitation } from "../factories/nps";
import { outboxEmails } from "../factories/outbox";

type Wrapped = { type: "DataWithResponseInit"; data: { ok: boolean; message: string }; init: { status?: number } | null };

async function post(responseId: number, form: Record<string, string>, role: "viewer" | "csm" | "admin" = "csm") {
  const cookie = await staffCookie(createStaff(role, { name: "Ken Mori" }).id);
  try {
    const value = (await action({
      request: formRequest(`/cs/responses/${responseId}`, form, cookie),
      params: { id: String(responseId) },
      context: {},
    })) as unknown as Wrapped;
    return { status: value.init?.status ?? 200, ...value.data };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, ok: false, message: await thrown.text() };
    throw thrown;
  }
}

let ip = 0;
function promoter(options: { locale?: "en" | "ja"; score?: number; csm?: boolean; comment?: string } = {}) {
  const csm = options.csm === false ? null : createStaff("csm", { name: "Yuki Tanaka" });
  const account = createAccount({ name: "Sakura Logistics", segment: "high", csmUserId: csm?.id ?? null });
  const contact = createContact({ accountId: account.id, name: "Hanako Sato", locale: options.locale ?? "en" });
  const { token } = createInvitation({ contactId: contact.id });
  const result = recordNpsResponse(token, String(options.score ?? 10), options.comment ?? "We use it every day", `203.0.113.${++ip % 250}`);
  if (result.kind !== "recorded") throw new Error(result.kind);
  return { csm, account, contact, token, responseId: result.responseId };
}

const rowCount = (table: SQLiteTable) => db.select({ n: count() }).from(table).get()!.n;
const written = () => [promoterActions, outbox, caseEvents, auditLog].map(rowCount);
const mails = (template: string) => outboxEmails(eq(outbox.template, template));

beforeEach(() => {
  for (const table of [caseEvents, cases, promoterActions, outbox, suppressions, settings, responses]) db.delete(table).run();
});

describe("promoter actions", () => {
  it("invites a promoter to the community once, in their language, with the portal link", async () => {
    const { contact, responseId } = promoter({ locale: "ja" });
    const first = await post(responseId, { intent: "promoter", kind: "community" });
    expect(first).toMatchObject({ status: 200, ok: true, message: expect.stringContaining("in Japanese") });
    const [mail] = mails("promoter-community");
    expect(mail).toMatchObject({ toEmail: contact.email, locale: "ja", contactId: contact.id });
    expect(mail.subject).toContain("コミュニティへのご招待");
    expect(mail.html).toContain("http://localhost:3000/portal");
    expect(mail.text).toContain("Hanako Sato 様");
    const recorded = db.select().from(promoterActions).where(eq(promoterActions.responseId, responseId)).all();
    expect(recorded).toEqual([expect.objectContaining({ kind: "community", outboxId: mail.id })]);

    // A second click (or a second CSM): a clear message and nothing written.
    const before = written();
    const second = await post(responseId, { intent: "promoter", kind: "community" });
    expect(second).toMatchObject({ status: 409, ok: false, message: expect.stringContaining("already recorded") });
    expect(written()).toEqual(before);
  });

  it("asks for a review only once a review link is set, in English for an English contact", async () => {
    const { contact, responseId } = promoter({ locale: "en" });
    const before = written();
    const refused = await post(responseId, { intent: "promoter", kind: "review" });
    expect(refused).toMatchObject({ status: 409, message: expect.stringContaining("No review site is set") });
    expect(written()).toEqual(before);

    putSetting("promoterActions", { reviewUrl: "https://www.g2.com/products/kizuna/take_survey" });
    expect(await post(responseId, { intent: "promoter", kind: "review" })).toMatchObject({ status: 200, ok: true });
    const [mail] = mails("promoter-review");
    expect(mail).toMatchObject({ toEmail: contact.email, locale: "en" });
    expect(mail.subject).toBe("Would you share your experience with Kizuna?");
    expect(mail.html).toContain("https://www.g2.com/products/kizuna/take_survey");
    expect((await post(responseId, { intent: "promoter", kind: "review" })).status).toBe(409);
    expect(mails("promoter-review")).toHaveLength(1);
  });

  it("records a reference candidate and emails the account's CSM in English, even for a Japanese contact", async () => {
    const { csm, contact, token, responseId } = promoter({ locale: "ja" });
    recordFollowUpConsent(token, "reference", true, "203.0.113.250");
    expect(await post(responseId, { intent: "promoter", kind: "reference" })).toMatchObject({ status: 200, message: expect.stringContaining("Yuki Tanaka") });
    const [mail] = mails("promoter-reference");
    expect(mail).toMatchObject({ toEmail: csm!.email, locale: "en", replyTo: contact.email });
    expect(mail.subject).toBe("Reference candidate at Sakura Logistics");
    expect(mail.text).toContain("Ken Mori marked Hanako Sato");
    expect(mail.text).toContain("they would be happy to be a reference");
    expect(mail.html).toContain(`http://localhost:3000/cs/responses/${responseId}`);
    expect((await post(responseId, { intent: "promoter", kind: "reference" })).status).toBe(409);
  });

  it("records a reference candidate without email when the account has no CSM", async () => {
    const { responseId } = promoter({ csm: false });
    expect(await post(responseId, { intent: "promoter", kind: "reference" })).toMatchObject({ status: 200, message: expect.stringContaining("no active CSM") });
    expect(db.select().from(promoterActions).all()).toEqual([expect.objectContaining({ kind: "reference", outboxId: null })]);
    expect(mails("promoter-reference")).toHaveLength(0);
  });

  it("refuses the community and review asks for an unsubscribed or suppressed contact, but still records a reference", async () => {
    putSetting("promoterActions", { reviewUrl: "https://review.example/kizuna" });
    const unsubscribed = promoter();
    db.update(contacts).set({ unsubscribedAt: new Date() }).where(eq(contacts.id, unsubscribed.contact.id)).run();
    const suppressed = promoter();
    db.insert(suppressions).values({ email: suppressed.contact.email, reason: "bounced", createdAt: Date.now() }).run();
    const before = written();
    for (const kind of ["community", "review"]) {
      expect(await post(unsubscribed.responseId, { intent: "promoter", kind })).toMatchObject({
        status: 409,
        message: expect.stringContaining("unsubscribed"),
      });
      expect(await post(suppressed.responseId, { intent: "promoter", kind })).toMatchObject({ status: 409, message: expect.stringContaining("bounced") });
    }
    expect(written()).toEqual(before);
    expect((await post(unsubscribed.responseId, { intent: "promoter", kind: "reference" })).status).toBe(200);

    const viewerPage = await loader({
      request: getRequest(`/cs/responses/${suppressed.responseId}`, await staffCookie(createStaff("csm").id)),
      params: { id: String(suppressed.responseId) },
      context: {},
    });
    expect(viewerPage.detail.promoter?.actions.map((a) => a.block?.code ?? null)).toEqual([null, "promoterAskBounced", "promoterAskBounced"]);
  });

  it("adds a promoter-action event to the response's case", async () => {
    const { account, contact, responseId } = promoter();
    const followUp = db
      .insert(cases)
      .values({ responseId, accountId: account.id, contactId: contact.id, dueAt: Date.now(), createdAt: Date.now(), updatedAt: Date.now() })
      .returning()
      .get();
    await post(responseId, { intent: "promoter", kind: "community" });
    const [event] = db.select().from(caseEvents).where(eq(caseEvents.caseId, followUp.id)).all();
    expect(event).toMatchObject({ kind: "promoter-action", outboxId: mails("promoter-community")[0].id, data: { kind: "community" } });
    expect(event.body).toContain("Invite to the community");
  });

  it("refuses viewers, non-promoters and bad input with nothing written", async () => {
    const { responseId } = promoter();
    const passive = promoter({ score: 8 });
    const before = written();
    expect((await post(responseId, { intent: "promoter", kind: "community" }, "viewer")).status).toBe(403);
    expect((await post(responseId, { intent: "promoter", kind: "reference" }, "viewer")).status).toBe(403);
    expect(await post(passive.responseId, { intent: "promoter", kind: "community" })).toMatchObject({
      status: 400,
      message: expect.stringContaining("for promoters"),
    });
    expect((await post(responseId, { intent: "promoter", kind: "talk" })).status).toBe(400);
    expect((await post(responseId, { intent: "promoter" })).status).toBe(400);
    expect((await post(999999, { intent: "promoter", kind: "community" })).status).toBe(404);
    expect(written()).toEqual(before);
  });
});
