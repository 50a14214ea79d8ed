import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, communityJoinRequests, communityMembers, contacts, outbox } from "../../db/schema";
import { action as askAction, loader as askLoader } from "../../app/routes/community_.join";
import { action, loader } from "../../app/routes/cs.community.join-requests";
import { JOIN_REQUEST_LIMITS, submitJoinRequest } from "../../app/services/community-join-requests.server";
import { db, sqlite } from "../../app/utils/db.server";
import { fillLinks } from "../../app/utils/email-links.server";
import { createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";
import { outboxEmails } from "../factories/outbox";

const args = (request: Request) => ({ request, params: {}, context: {} });
const changes = () => (sqlite().prepare("SELECT total_changes() AS n").get() as { n: number }).n;
let n = 0;
const freshIp = () => `203.0.113.${++n}`;
const requestsFor = (email: string) => db.select().from(communityJoinRequests).where(eq(communityJoinRequests.email, email)).all();

type Answer = { outcome: string; result: { error?: Record<string, string[]> }; retryAfterMinutes?: number };
async function ask(form: Record<string, string>, ip = freshIp(), language = "ja-JP,ja;q=0.9") {
  const result = (await askAction(args(formRequest("/community/join", form, undefined, { "x-kizuna-client-ip": ip, "Accept-Language": language })))) as
    { data: Answer; init?: ResponseInit | null } | Answer;
  const payload = "data" in result ? result.data : result;
  const init = "data" in result ? result.init : undefined;
  return { status: init?.status ?? 200, payload, headers: new Headers(init?.headers) };
}

type Decision = { ok: boolean; message: string; field?: string };
async function decide(form: Record<string, string>, role: "admin" | "csm" | "viewer" = "csm", locale: "en" | "ja" = "en") {
  const staff = createStaff(role, { locale });
  const result = (await action(args(formRequest("/cs/community/join-requests", form, await staffCookie(staff.id))))) as {
    data: Decision;
    init?: ResponseInit | null;
  };
  return { staff, status: result.init?.status ?? 200, payload: result.data };
}

const person = (email: string) => ({ name: "山田 太郎", email, company: "株式会社サンプル", message: "経理で使っています。" });

describe("asking to join", () => {
  it("records the request in the browser's language and thanks everyone the same way, customer or not", async () => {
    const customer = createAccount({ domain: "sample-customer.example", name: "株式会社サンプル" });
    const answers = new Set<string>();
    for (const email of [`taro@${customer.domain}`, "taro@gmail.com", "taro@unknown-company.example"]) {
      const { status, payload } = await ask(person(email));
      answers.add(JSON.stringify({ status, payload }));
      expect(requestsFor(email)).toEqual([expect.objectContaining({ status: "pending", locale: "ja", company: "株式会社サンプル", accountId: null })]);
      expect(outboxEmails(eq(outbox.toEmail, email))).toEqual([]);
    }
    expect(answers.size).toBe(1);
    expect(JSON.parse([...answers][0])).toMatchObject({ status: 200, payload: { outcome: "sent" } });
    const page = (await askLoader(args(getRequest("/community/join", undefined, { "Accept-Language": "ja" })))) as { title: string };
    expect(page.title).toContain("参加申請");
  });

  it("keeps nothing from a bot that fills the honeypot, with the same thanks", async () => {
    const before = changes();
    const { status, payload } = await ask({ ...person("bot@spam.example"), website: "http://spam.example" });
    expect({ status, outcome: payload.outcome }).toEqual({ status: 200, outcome: "sent" });
    expect(requestsFor("bot@spam.example")).toEqual([]);
    expect(changes() - before).toBe(1); // the per-network counter
  });

  it("refuses bad fields with 400 and field errors, writing nothing", async () => {
    const before = changes();
    const { status, payload } = await ask({ name: "", email: "not-an-address", company: "x".repeat(201), message: "y".repeat(2001) });
    expect(status).toBe(400);
    expect(Object.keys(payload.result.error ?? {}).sort()).toEqual(["company", "email", "message", "name"]);
    expect(changes()).toBe(before);
  });

  it("limits one network visibly (429, Retry-After) and one address quietly", async () => {
    const ip = freshIp();
    for (let i = 0; i < JOIN_REQUEST_LIMITS.perIp.limit; i++) expect((await ask(person(`net${i}@example.org`), ip)).status).toBe(200);
    const limited = await ask(person("net-last@example.org"), ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(requestsFor("net-last@example.org")).toEqual([]);

    const email = "again@example.org";
    for (let i = 0; i < JOIN_REQUEST_LIMITS.perEmail.limit + 2; i++) expect((await ask(person(email))).payload.outcome).toBe("sent");
    expect(requestsFor(email)).toHaveLength(JOIN_REQUEST_LIMITS.perEmail.limit);
  });
});

describe("deciding join requests", () => {
  function pending(email: string, language: "en" | "ja" = "ja") {
    submitJoinRequest({ ...person(email), ip: freshIp(), language });
    return requestsFor(email)[0];
  }

  it("a CSM approves into an account: a contact in the person's language, a member, a sign-in link in Japanese, and an audit entry", async () => {
    const account = createAccount({ name: "Sample KK" });
    const request = pending("hanako@partner.example");
    const { staff, status, payload } = await decide({ intent: "approve", id: String(request.id), accountId: String(account.id) });
    expect(status).toBe(200);
    expect(payload.ok).toBe(true);
    const contact = db.select().from(contacts).where(eq(contacts.email, "hanako@partner.example")).get()!;
    expect(contact).toMatchObject({ accountId: account.id, locale: "ja", name: "山田 太郎" });
    expect(db.select().from(communityMembers).where(eq(communityMembers.contactId, contact.id)).get()?.guidelinesAcceptedAt).toBeNull();
    const [email] = outboxEmails(eq(outbox.toEmail, contact.email));
    expect(email).toMatchObject({ template: "magic-link", locale: "ja" });
    expect(fillLinks(email, email.links).text).toMatch(/\/login\/[A-Za-z0-9_-]{43}\?redirectTo=%2Fcommunity%2Fwelcome/);
    expect(requestsFor(contact.email)[0]).toMatchObject({ status: "approved", accountId: account.id, contactId: contact.id, decidedByUserId: staff.id });
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorUserId, staff.id), eq(auditLog.action, "community.join_request_approved")))
        .all(),
    ).toHaveLength(1);

    // Deciding twice is refused in the reader's language, and nothing more is sent.
    const again = await decide({ intent: "decline", id: String(request.id), reason: "dup" }, "admin", "ja");
    expect(again.status).toBe(409);
    expect(again.payload.message).toBe("この申請はすでに承認済みです。");
    expect(outboxEmails(eq(outbox.toEmail, contact.email))).toHaveLength(1);
  });

  it("declines with a reason the person never sees (no email), audited", async () => {
    const request = pending("stranger@elsewhere.example", "en");
    const missingReason = await decide({ intent: "decline", id: String(request.id), reason: "  " });
    expect(missingReason.status).toBe(400);
    expect(missingReason.payload.field).toBe("reason");
    expect(requestsFor(request.email)[0].status).toBe("pending");

    const { staff, status } = await decide({ intent: "decline", id: String(request.id), reason: "Not a customer" });
    expect(status).toBe(200);
    expect(requestsFor(request.email)[0]).toMatchObject({ status: "declined", declineReason: "Not a customer", decidedByUserId: staff.id });
    expect(outboxEmails(eq(outbox.toEmail, request.email))).toEqual([]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "community.join_request_declined")).all().length).toBeGreaterThan(0);
  });

  it("refuses an unknown account, or an address that is another account's contact, and writes nothing", async () => {
    const request = pending("moved@customer-a.example");
    const unknown = await decide({ intent: "approve", id: String(request.id), accountId: "999999" });
    expect(unknown).toMatchObject({ status: 400, payload: { ok: false, field: "accountId" } });
    const noAccount = await decide({ intent: "approve", id: String(request.id), accountId: "" });
    expect(noAccount.status).toBe(400);

    const other = createAccount();
    createContact({ email: "moved@customer-a.example", accountId: other.id });
    const target = createAccount();
    const elsewhere = await decide({ intent: "approve", id: String(request.id), accountId: String(target.id) });
    expect(elsewhere.status).toBe(409);
    expect(requestsFor(request.email)[0].status).toBe("pending");
    expect(outboxEmails(eq(outbox.toEmail, request.email))).toEqual([]);
    expect((await decide({ intent: "approve", id: "999999", accountId: String(target.id) })).status).toBe(404);
  });

  it("lists pending requests with suggested accounts; viewers may not see or decide", async () => {
    const account = createAccount({ domain: "suggest.example", name: "Suggest Inc" });
    pending("a@suggest.example");
    const csm = createStaff("csm");
    const page = (await loader(args(getRequest("/cs/community/join-requests", await staffCookie(csm.id))))) as {
      pending: { email: string; suggestions: { id: number }[] }[];
    };
    expect(page.pending.find((r) => r.email === "a@suggest.example")?.suggestions).toContainEqual(expect.objectContaining({ id: account.id }));

    const viewer = createStaff("viewer");
    const cookie = await staffCookie(viewer.id);
    await expect(loader(args(getRequest("/cs/community/join-requests", cookie)))).rejects.toMatchObject({ status: 403 });
    await expect(action(args(formRequest("/cs/community/join-requests", { intent: "decline", id: "1", reason: "x" }, cookie)))).rejects.toMatchObject({
      status: 403,
    });
  });
});
