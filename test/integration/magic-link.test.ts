import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { contactSessions, magicLinks, outbox } from "../../db/schema";
import { consumeMagicLinkToken } from "../../app/models/magic-link.server";
import { action as loginAction, headers as loginHeaders, loader as loginLoader } from "../../app/routes/login";
import { action as continueAction, loader as continueLoader } from "../../app/routes/login_.$token";
import { consumeMagicLink, previewMagicLink, signInWithMagicLink } from "../../app/services/consume-magic-link.server";
import { MAGIC_LINK_EMAILS_PER_DAY, MAGIC_LINK_REQUEST_LIMITS, requestMagicLink } from "../../app/services/request-magic-link.server";
import { sha256 } from "../../app/utils/crypto.server";
import { fillLinks } from "../../app/utils/email-links.server";
import { db, sqlite } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { contactCookie, createContact, formRequest, getRequest } from "../factories";
import { outboxEmails } from "../factories/outbox";

let ipCounter = 0;
/** Rate limits persist in the database: each test signs in from its own address. */
const freshIp = () => `203.0.113.${++ipCounter}`;

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  const init = (result as { init?: ResponseInit | null }).init;
  return init?.status ?? 200;
}
function headersOf(result: unknown): Headers {
  if (result instanceof Response) return result.headers;
  return new Headers((result as { init?: ResponseInit | null }).init?.headers);
}
function payloadOf<T>(result: unknown): T {
  return (result as { data: T }).data ?? (result as T);
}

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

function outboxFor(contactId: number) {
  return outboxEmails(eq(outbox.contactId, contactId));
}
function linksOf(contactId: number) {
  return db.select().from(magicLinks).where(eq(magicLinks.contactId, contactId)).all();
}
function tokenFromEmail(text: string): string {
  const match = /\/login\/([A-Za-z0-9_-]{43})/.exec(text);
  if (!match) throw new Error(`no sign-in link in: ${text}`);
  return match[1];
}
/** The token of the contact's newest sign-in email, as the worker sends it (the row holds a slot). */
function latestToken(contactId: number) {
  const rows = outboxFor(contactId);
  const row = rows[rows.length - 1];
  return tokenFromEmail(fillLinks(row, row.links).text);
}
/** What a write would change: the connection's change counter and the rows of the tables involved. */
function snapshot() {
  return {
    changes: (sqlite().prepare("SELECT total_changes() AS n").get() as { n: number }).n,
    links: sqlite().prepare("SELECT * FROM magic_links ORDER BY id").all(),
    sessions: sqlite().prepare("SELECT count(*) AS n FROM contact_sessions").get(),
    rateLimits: sqlite().prepare("SELECT * FROM rate_limits ORDER BY key").all(),
    audit: sqlite().prepare("SELECT count(*) AS n FROM audit_log").get(),
  };
}

async function requestLinkVia(email: string, ip = freshIp()) {
  return loginAction(args(formRequest("/login", { email }, undefined, { "x-kizuna-client-ip": ip })));
}

describe("requesting a sign-in link", () => {
  it("queues one email in the contact's language, with a link that exists only as a hash", async () => {
    const contact = createContact({ email: "hanako@example.jp", name: "山田 花子", locale: "ja" });
    const result = await requestLinkVia("  Hanako@Example.JP ");
    expect(statusOf(result)).toBe(200);
    expect(payloadOf<{ outcome: string }>(result).outcome).toBe("sent");

    const emails = outboxFor(contact.id);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ template: "magic-link", toEmail: "hanako@example.jp", locale: "ja", status: "queued" });
    expect(emails[0].text).toContain(`${env().APP_URL}/login/`);
    expect(emails[0].html).toMatch(/[ぁ-んァ-ン一-龯]/);

    // The stored email holds a slot where the token goes; the worker mints it when it sends.
    expect(() => tokenFromEmail(emails[0].text)).toThrow();
    const token = latestToken(contact.id);
    expect(JSON.stringify(emails[0])).not.toContain(token);
    const links = linksOf(contact.id);
    expect(links).toHaveLength(1);
    expect(links[0].tokenHash).toBe(sha256(token));
    expect(links[0].tokenHash).not.toContain(token);
    expect(links[0].expiresAt.getTime() - links[0].createdAt.getTime()).toBe(15 * 60_000);
  });

  it("writes an English email for an English contact", async () => {
    const contact = createContact({ locale: "en" });
    await requestLinkVia(contact.email);
    expect(outboxFor(contact.id)[0]).toMatchObject({ locale: "en" });
  });

  it("gives an unknown address the same answer and writes no link and no email", async () => {
    const outboxBefore = db.select().from(outbox).all().length;
    const linksBefore = db.select().from(magicLinks).all().length;
    const result = await requestLinkVia("nobody@unknown.example");
    expect(statusOf(result)).toBe(200);
    expect(payloadOf<{ outcome: string; email: string }>(result)).toMatchObject({ outcome: "sent", email: "nobody@unknown.example" });
    expect(db.select().from(outbox).all()).toHaveLength(outboxBefore);
    expect(db.select().from(magicLinks).all()).toHaveLength(linksBefore);
  });

  it("rejects a malformed address with 400 and writes nothing", async () => {
    const before = snapshot();
    const result = await requestLinkVia("not-an-email");
    expect(statusOf(result)).toBe(400);
    const reply = payloadOf<{ result: { error: Record<string, string[]> } }>(result).result;
    expect(reply.error.email).toEqual(["login.errors.email"]);
    expect(snapshot().links).toEqual(before.links);
    expect(snapshot().rateLimits).toEqual(before.rateLimits);
  });

  it("makes a newer link supersede the older one", async () => {
    const contact = createContact();
    await requestLinkVia(contact.email);
    const first = latestToken(contact.id);
    await requestLinkVia(contact.email);
    const second = latestToken(contact.id);
    expect(second).not.toBe(first);

    expect(previewMagicLink(first)).toMatchObject({ state: "superseded" });
    expect(consumeMagicLink(first)).toBeNull();
    const page = await continueLoader(args(getRequest(`/login/${first}`), { token: first }));
    expect(statusOf(page)).toBe(410);
    expect(consumeMagicLink(second)).toEqual({ contactId: contact.id });
  });

  it("keeps a safe redirect path in the link and drops an unsafe one", async () => {
    const contact = createContact();
    await loginAction(args(formRequest("/login", { email: contact.email, redirectTo: "/portal/guides" }, undefined, { "x-kizuna-client-ip": freshIp() })));
    expect(outboxFor(contact.id)[0].text).toContain("?redirectTo=%2Fportal%2Fguides");
    await loginAction(args(formRequest("/login", { email: contact.email, redirectTo: "//evil.example/x" }, undefined, { "x-kizuna-client-ip": freshIp() })));
    expect(outboxFor(contact.id)[1].text).not.toContain("evil");
  });

  it("answers 429 with Retry-After to an address that keeps asking for the same email, and writes no link", async () => {
    const contact = createContact();
    const ip = freshIp();
    for (let i = 0; i < MAGIC_LINK_REQUEST_LIMITS.perEmailAndIp.limit; i++) {
      expect(statusOf(await requestLinkVia(contact.email, ip))).toBe(200);
    }
    const linksBefore = linksOf(contact.id).length;
    const emailsBefore = outboxFor(contact.id).length;
    const limited = await requestLinkVia(contact.email, ip);
    expect(statusOf(limited)).toBe(429);
    expect(Number(headersOf(limited).get("Retry-After"))).toBeGreaterThan(0);
    // The page response (not only the action's data) carries it too.
    const page = new Headers(loginHeaders({ actionHeaders: headersOf(limited) } as Parameters<typeof loginHeaders>[0]));
    expect(page.get("Retry-After")).toBe(headersOf(limited).get("Retry-After"));
    expect(payloadOf<{ outcome: string; retryAfterMinutes: number }>(limited)).toMatchObject({ outcome: "rate-limited", retryAfterMinutes: 15 });
    expect(linksOf(contact.id)).toHaveLength(linksBefore);
    expect(outboxFor(contact.id)).toHaveLength(emailsBefore);
  });

  it("does not let someone else's requests block the customer: their limit is on their own address", async () => {
    const contact = createContact();
    const attacker = freshIp();
    let last: unknown;
    for (let i = 0; i < 20; i++) last = await requestLinkVia(contact.email, attacker);
    expect(statusOf(last)).toBe(429);

    const fromHome = await requestLinkVia(contact.email, freshIp());
    expect(statusOf(fromHome)).toBe(200);
    expect(payloadOf<{ outcome: string }>(fromHome).outcome).toBe("sent");
    const token = latestToken(contact.id);
    expect(previewMagicLink(token)).toMatchObject({ state: "valid" });
  });

  it("sends an address at most the daily cap of emails, whoever asks from however many addresses, and answers the same past it", async () => {
    const contact = createContact();
    const start = Date.now();
    const answers: unknown[] = [];
    for (let i = 0; i < 40; i++) {
      const ip = `192.0.2.${i + 1}`;
      answers.push(await loginAction(args(formRequest("/login", { email: contact.email }, undefined, { "x-kizuna-client-ip": ip }))));
    }
    expect(outboxFor(contact.id)).toHaveLength(MAGIC_LINK_EMAILS_PER_DAY);
    expect(linksOf(contact.id)).toHaveLength(MAGIC_LINK_EMAILS_PER_DAY);
    // Quiet: every answer, before and past the cap, is the page an unknown address gets too.
    const unknown = await requestLinkVia("nobody-at-all@unknown.example");
    for (const answer of answers) {
      expect(statusOf(answer)).toBe(200);
      expect({ ...payloadOf<object>(answer), email: "" }).toEqual({ ...payloadOf<object>(unknown), email: "" });
    }
    // The last link sent is still the one that works: refused requests supersede nothing.
    expect(previewMagicLink(latestToken(contact.id))).toMatchObject({ state: "valid" });
    const capped = sqlite()
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.magic_link_capped' AND entity_id = ?")
      .get(String(contact.id)) as { n: number };
    expect(capped.n).toBe(40 - MAGIC_LINK_EMAILS_PER_DAY);

    // A day after the first email, the address may receive one again.
    expect(await requestMagicLink({ email: contact.email, ip: freshIp() }, start + 24 * 60 * 60_000 + 60_000)).toEqual({ ok: true });
    expect(outboxFor(contact.id)).toHaveLength(MAGIC_LINK_EMAILS_PER_DAY + 1);
  });

  it("answers 429 past the per-address (IP) limit, even for a known contact", async () => {
    const ip = freshIp();
    for (let i = 0; i < MAGIC_LINK_REQUEST_LIMITS.perIp.limit; i++) {
      expect(statusOf(await requestLinkVia(`someone${i}@unknown.example`, ip))).toBe(200);
    }
    const contact = createContact();
    expect(statusOf(await requestLinkVia(contact.email, ip))).toBe(429);
    expect(linksOf(contact.id)).toHaveLength(0);
    expect(outboxFor(contact.id)).toHaveLength(0);
  });

  it("lets the window pass: the limit resets after 15 minutes", async () => {
    const contact = createContact();
    const ip = freshIp();
    const start = Date.now();
    for (let i = 0; i < MAGIC_LINK_REQUEST_LIMITS.perEmailAndIp.limit; i++) await requestMagicLink({ email: contact.email, ip }, start);
    expect(await requestMagicLink({ email: contact.email, ip }, start + 1000)).toMatchObject({ ok: false, reason: "rate-limited" });
    expect(await requestMagicLink({ email: contact.email, ip }, start + 15 * 60_000 + 1)).toEqual({ ok: true });
  });
});

describe("opening a sign-in link", () => {
  it("shows 'Continue as …' on GET and writes nothing on GET or HEAD", async () => {
    const contact = createContact({ name: "Ken Sato", email: "ken@example.com" });
    await requestLinkVia(contact.email);
    const token = latestToken(contact.id);
    const before = snapshot();

    const page = await continueLoader(args(getRequest(`/login/${token}`), { token }));
    expect(statusOf(page)).toBe(200);
    expect(payloadOf<{ preview: unknown }>(page).preview).toEqual({ state: "valid", name: "Ken Sato", email: "ken@example.com", locale: "en" });
    expect(headersOf(page).get("Cache-Control")).toBe("no-store");

    const head = new Request(`http://localhost/login/${token}`, { method: "HEAD" });
    expect(statusOf(await continueLoader(args(head, { token })))).toBe(200);
    // A scanner that opens the link again and again still leaves it usable.
    for (let i = 0; i < 3; i++) await continueLoader(args(getRequest(`/login/${token}`), { token }));

    expect(snapshot()).toEqual(before);
    expect(consumeMagicLink(token)).toEqual({ contactId: contact.id });
  });

  it("speaks the contact's language, whatever the browser asks for", async () => {
    const contact = createContact({ locale: "ja" });
    await requestLinkVia(contact.email);
    const token = latestToken(contact.id);
    const page = await continueLoader(args(getRequest(`/login/${token}`, undefined, { "Accept-Language": "en-US,en" }), { token }));
    expect(payloadOf<{ language: string }>(page).language).toBe("ja");
  });

  it("answers 404 for a token that was never issued, and 410 for a used one", async () => {
    const made = "x".repeat(43);
    expect(statusOf(await continueLoader(args(getRequest(`/login/${made}`), { token: made })))).toBe(404);
    expect(statusOf(await continueLoader(args(getRequest("/login/short"), { token: "short" })))).toBe(404);

    const contact = createContact();
    await requestLinkVia(contact.email);
    const token = latestToken(contact.id);
    consumeMagicLink(token);
    const used = await continueLoader(args(getRequest(`/login/${token}`), { token }));
    expect(statusOf(used)).toBe(410);
    expect(payloadOf<{ preview: unknown }>(used).preview).toMatchObject({ state: "consumed" });
  });

  it("refuses an expired link (15 minutes) and says so", async () => {
    const contact = createContact();
    const ip = freshIp();
    const issuedAt = Date.now() - 16 * 60_000;
    await requestMagicLink({ email: contact.email, ip }, issuedAt);
    const token = latestToken(contact.id);
    expect(previewMagicLink(token, issuedAt + 15 * 60_000 - 1)).toMatchObject({ state: "valid" });
    expect(previewMagicLink(token)).toMatchObject({ state: "expired" });
    expect(consumeMagicLink(token)).toBeNull();
    const page = await continueLoader(args(getRequest(`/login/${token}`), { token }));
    expect(statusOf(page)).toBe(410);
    const post = await continueAction(args(formRequest(`/login/${token}`, {}, undefined, { "x-kizuna-client-ip": freshIp() }), { token }));
    expect(statusOf(post)).toBe(410);
    expect(linksOf(contact.id)[0].consumedAt).toBeNull();
  });
});

describe("consuming a sign-in link", () => {
  it("starts a customer session and lands on /portal (or a safe redirectTo)", async () => {
    const contact = createContact();
    await requestLinkVia(contact.email);
    const token = latestToken(contact.id);
    const response = await continueAction(
      args(formRequest(`/login/${token}`, { redirectTo: "//evil.example" }, undefined, { "x-kizuna-client-ip": freshIp() }), { token }),
    );
    expect(response).toBeInstanceOf(Response);
    const redirect = response as Response;
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("Location")).toBe("/portal");
    expect(redirect.headers.get("Set-Cookie")).toMatch(/kizuna_contact=.+HttpOnly/i);
    expect(db.select().from(contactSessions).where(eq(contactSessions.contactId, contact.id)).all()).toHaveLength(1);
    expect(linksOf(contact.id)[0].consumedAt).not.toBeNull();

    // The same link a second time: refused.
    const again = await continueAction(args(formRequest(`/login/${token}`, {}, undefined, { "x-kizuna-client-ip": freshIp() }), { token }));
    expect(statusOf(again)).toBe(410);
  });

  it("gives exactly one session to two racing service calls", async () => {
    const contact = createContact();
    await requestLinkVia(contact.email);
    const token = latestToken(contact.id);
    const ip = freshIp();
    const results = await Promise.all([signInWithMagicLink(getRequest("/login"), token, ip), signInWithMagicLink(getRequest("/login"), token, ip)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ reason: "invalid" })]);
    expect(db.select().from(contactSessions).where(eq(contactSessions.contactId, contact.id)).all()).toHaveLength(1);
  });

  it("gives exactly one session to two racing form posts", async () => {
    const contact = createContact();
    await requestLinkVia(contact.email);
    const token = latestToken(contact.id);
    const post = () => continueAction(args(formRequest(`/login/${token}`, {}, undefined, { "x-kizuna-client-ip": freshIp() }), { token }));
    const results = await Promise.all([post(), post()]);
    expect(results.map(statusOf).sort()).toEqual([302, 410]);
    expect(db.select().from(contactSessions).where(eq(contactSessions.contactId, contact.id)).all()).toHaveLength(1);
  });

  it("lets only one of two database connections consume the same link", async () => {
    const contact = createContact();
    await requestLinkVia(contact.email);
    const hash = sha256(latestToken(contact.id));
    const other = openDb(env().databaseFile);
    try {
      const now = Date.now();
      const outcomes = [consumeMagicLinkToken(hash, now, other.db), consumeMagicLinkToken(hash, now)];
      expect(outcomes).toEqual([contact.id, undefined]);
    } finally {
      other.sqlite.close();
    }
  });

  it("rate-limits posts per address", async () => {
    const ip = freshIp();
    const token = "y".repeat(43);
    let last: unknown;
    for (let i = 0; i < 31; i++) last = await continueAction(args(formRequest(`/login/${token}`, {}, undefined, { "x-kizuna-client-ip": ip }), { token }));
    expect(statusOf(last)).toBe(429);
    expect(headersOf(last).get("Retry-After")).toBeTruthy();
  });
});

describe("the sign-in page", () => {
  it("sends a signed-in contact straight to the portal", async () => {
    const contact = createContact();
    const cookie = await contactCookie(contact.id);
    await expect(loginLoader(args(getRequest("/login", cookie)))).rejects.toSatisfy(
      (r: unknown) => r instanceof Response && r.status === 302 && r.headers.get("Location") === "/portal",
    );
  });

  it("shows the form to a visitor", async () => {
    const result = await loginLoader(args(getRequest("/login", undefined, { "Accept-Language": "ja" })));
    expect(result).toMatchObject({ signedOut: false, redirectTo: "/portal", title: expect.stringContaining("ログイン") });
  });
});
