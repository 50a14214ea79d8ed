import { beforeEach, describe, expect, it } from "vitest";
import { accounts, auditLog, campaigns, contacts, invitations, jobs, rateLimits, responses, suppressions } from "../../db/schema";
import { categoryFor } from "../../app/domain/nps";
import * as campaignRoute from "../../app/routes/api.v1.campaigns.$id";
import * as campaignsRoute from "../../app/routes/api.v1.campaigns";
import * as contactsRoute from "../../app/routes/api.v1.contacts";
import * as responsesRoute from "../../app/routes/api.v1.responses";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { createApiKey } from "../../app/services/create-api-key.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact } from "../factories";

type Loader = (args: never) => unknown;

async function get(loader: Loader, path: string, key?: string, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost${path}`, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  const response = (await loader({ request, params, context: {} } as never)) as Response;
  return { status: response.status, body: await response.json() };
}

const RULES = { throttleDays: 90, minAccountAgeDays: 30, samplePercent: null, dailyCap: null, reminderAfterDays: 3 };
let key: string;
let narrowKey: string;
let n = 0;

function campaign() {
  return db.insert(campaigns).values({ name: "Wave", status: "sending", targeting: {}, rules: RULES, recipients: 6, createdAt: Date.now() }).returning().get();
}

function invite(campaignId: number, contact: { id: number; accountId: number }, values: Partial<typeof invitations.$inferInsert> = {}) {
  n += 1;
  return db
    .insert(invitations)
    .values({
      campaignId,
      contactId: contact.id,
      accountId: contact.accountId,
      tokenHash: `t${n}`,
      unsubscribeTokenHash: `u${n}`,
      locale: "en",
      status: "queued",
      dueAt: 0,
      createdAt: 1_000,
      ...values,
    })
    .returning()
    .get();
}

function respond(contact: { id: number; accountId: number }, score: number, updatedAt: number, comment: string | null = null) {
  return db
    .insert(responses)
    .values({
      contactId: contact.id,
      accountId: contact.accountId,
      score,
      comment,
      category: categoryFor(score),
      locale: "en",
      createdAt: updatedAt,
      updatedAt,
    })
    .returning()
    .get();
}

beforeEach(() => {
  for (const table of [rateLimits, jobs, auditLog, responses, invitations, campaigns, suppressions, contacts, accounts]) db.delete(table).run();
  key = createApiKey({ name: "BI export", scopes: ["campaigns:read", "responses:read", "contacts:read"] }, CLI_ACTOR).key;
  narrowKey = createApiKey({ name: "contacts only", scopes: ["contacts:read"] }, CLI_ACTOR).key;
});

describe("GET /api/v1/campaigns/:id", () => {
  it("reports the status and the delivery counts", async () => {
    const wave = campaign();
    const account = createAccount();
    const people = Array.from({ length: 6 }, () => createContact({ accountId: account.id }));
    invite(wave.id, people[0], { status: "pending" });
    invite(wave.id, people[1], { status: "queued" });
    invite(wave.id, people[2], { status: "sent", sentAt: 2 });
    const answered = invite(wave.id, people[3], { status: "delivered", sentAt: 2, deliveredAt: 3 });
    db.insert(responses)
      .values({
        invitationId: answered.id,
        campaignId: wave.id,
        contactId: people[3].id,
        accountId: account.id,
        score: 9,
        category: "promoter",
        locale: "en",
        createdAt: 4,
        updatedAt: 4,
      })
      .run();
    invite(wave.id, people[4], { status: "bounced", sentAt: 2, bouncedAt: 3 });
    invite(wave.id, people[5], { status: "complained", sentAt: 2 });
    const { status, body } = await get(campaignRoute.loader, `/api/v1/campaigns/${wave.id}`, key, { id: String(wave.id) });
    expect(status).toBe(200);
    expect(body).toEqual({ id: wave.id, status: "sending", recipients: 6, counts: { queued: 2, sent: 4, delivered: 2, bounced: 1, answered: 1 } });
  });

  it("answers 404 JSON for an unknown campaign and 400 for a malformed id", async () => {
    const missing = await get(campaignRoute.loader, "/api/v1/campaigns/999999", key, { id: "999999" });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect((await get(campaignRoute.loader, "/api/v1/campaigns/abc", key, { id: "abc" })).status).toBe(400);
    expect((await get(campaignRoute.loader, "/api/v1/campaigns/1e3", key, { id: "1e3" })).status).toBe(400);
  });

  it("refuses no key (401) and a key without campaigns:read (403)", async () => {
    const wave = campaign();
    expect((await get(campaignRoute.loader, `/api/v1/campaigns/${wave.id}`, undefined, { id: String(wave.id) })).status).toBe(401);
    const denied = await get(campaignRoute.loader, `/api/v1/campaigns/${wave.id}`, narrowKey, { id: String(wave.id) });
    expect(denied).toMatchObject({ status: 403, body: { error: { code: "insufficient_scope" } } });
  });
});

describe("GET /api/v1/responses", () => {
  it("pages through every response exactly once, in the order they were written, with an opaque cursor", async () => {
    const account = createAccount({ externalId: "crm-42" });
    const contact = createContact({ accountId: account.id, email: "ren@customer.example" });
    // Several responses share a timestamp: the id breaks the tie without skipping or repeating.
    const written = Array.from({ length: 7 }, (_, i) => respond(contact, i + 3, 1_700_000_000_000 + Math.floor(i / 3) * 1000, i === 0 ? "Slow exports" : null));
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await get(responsesRoute.loader, `/api/v1/responses?limit=3${cursor ? `&cursor=${cursor}` : ""}`, key);
      expect(page.status).toBe(200);
      seen.push(...page.body.responses.map((r: { id: number }) => r.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(written.map((r) => r.id));

    const first = await get(responsesRoute.loader, "/api/v1/responses?limit=1", key);
    expect(first.body.responses[0]).toEqual({
      id: written[0].id,
      contactEmail: "ren@customer.example",
      accountExternalId: "crm-42",
      score: 3,
      comment: "Slow exports",
      category: "detractor",
      updatedAt: new Date(1_700_000_000_000).toISOString(),
    });
  });

  it("filters by since and category", async () => {
    const contact = createContact();
    respond(contact, 2, Date.parse("2026-01-10T00:00:00Z"));
    const recentDetractor = respond(contact, 4, Date.parse("2026-02-10T00:00:00Z"));
    respond(contact, 10, Date.parse("2026-02-11T00:00:00Z"));
    const page = await get(responsesRoute.loader, "/api/v1/responses?since=2026-02-01&category=detractor", key);
    expect(page.body.responses.map((r: { id: number }) => r.id)).toEqual([recentDetractor.id]);
    expect(page.body.nextCursor).toBeNull();
    const sinceTime = await get(responsesRoute.loader, "/api/v1/responses?since=2026-02-10T08:00:00%2B09:00", key);
    expect(sinceTime.body.responses.map((r: { score: number }) => r.score)).toEqual([4, 10]);
  });

  it("refuses bad parameters with a message naming them (400)", async () => {
    for (const [query, field] of [
      ["since=yesterday", "since"],
      ["since=2026-02-30", "since"],
      ["category=fan", "category"],
      ["cursor=garbage!", "cursor"],
      [`cursor=${Buffer.from('{"a":1}').toString("base64url")}`, "cursor"],
      ["limit=0", "limit"],
      ["limit=5000", "limit"],
      ["limit=ten", "limit"],
      ["page=2", "page"],
    ]) {
      const response = await get(responsesRoute.loader, `/api/v1/responses?${query}`, key);
      expect(response.status, query).toBe(400);
      expect(response.body.error.message, query).toContain(field);
    }
  });

  it("refuses no key (401) and a key without responses:read (403)", async () => {
    expect((await get(responsesRoute.loader, "/api/v1/responses", undefined)).status).toBe(401);
    expect((await get(responsesRoute.loader, "/api/v1/responses", narrowKey)).status).toBe(403);
  });
});

describe("GET /api/v1/contacts?email= survey state", () => {
  it("adds when the address was suppressed and last surveyed", async () => {
    const contact = createContact({ email: "aoi@customer.example" });
    const untouched = createContact({ email: "new@customer.example" });
    const first = campaign();
    const second = campaign();
    const third = campaign();
    invite(first.id, contact, { createdAt: 1_000, sentAt: 5_000, status: "bounced" });
    invite(second.id, contact, { createdAt: 7_000, status: "pending" });
    invite(third.id, contact, { createdAt: 9_000, status: "cancelled" });
    db.insert(suppressions).values({ email: contact.email, reason: "bounced", createdAt: 6_000 }).run();

    const found = await get(contactsRoute.loader, "/api/v1/contacts?email=AOI@customer.example", narrowKey);
    expect(found.status).toBe(200);
    expect(found.body.contacts[0]).toMatchObject({
      email: contact.email,
      unsubscribedAt: null,
      suppressedAt: new Date(6_000).toISOString(),
      lastSurveyedAt: new Date(7_000).toISOString(),
    });
    const fresh = await get(contactsRoute.loader, `/api/v1/contacts?email=${untouched.email}`, narrowKey);
    expect(fresh.body.contacts[0]).toMatchObject({ suppressedAt: null, lastSurveyedAt: null });
  });
});

describe("POST /api/v1/campaigns", () => {
  async function post(body: unknown, apiKey?: string, contentType = "application/json") {
    const headers: Record<string, string> = { "Content-Type": contentType };
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    const request = new Request("http://localhost/api/v1/campaigns", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
    const response = (await campaignsRoute.action({ request, params: {}, context: {} } as never)) as Response;
    return { status: response.status, headers: response.headers, body: await response.json() };
  }

  let writer: string;
  beforeEach(() => {
    writer = createApiKey({ name: "automation", scopes: ["campaigns:write", "campaigns:read"] }, CLI_ACTOR).key;
    for (const segment of ["high", "tech"] as const) {
      const account = createAccount({ segment, startDate: "2024-01-01" });
      createContact({ accountId: account.id, locale: "ja" });
      createContact({ accountId: account.id, locale: "en" });
    }
  });

  it("creates and launches a wave for the chosen segments: 201 with the recipient count", async () => {
    const created = await post({ name: "API wave", segments: ["high"], launch: true }, writer);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), status: "sending", recipients: 2 });
    expect(created.headers.get("Location")).toBe(`/api/v1/campaigns/${created.body.id}`);
    const stored = db.select().from(campaigns).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ name: "API wave", status: "sending", recipients: 2, targeting: { segments: ["high"] } });

    const status = await get(campaignRoute.loader, `/api/v1/campaigns/${created.body.id}`, writer, { id: String(created.body.id) });
    expect(status.body).toMatchObject({ id: created.body.id, status: "sending" });

    const japanese = await post({ name: "Japanese only", locales: ["ja"] }, writer);
    expect(japanese.body.recipients).toBe(2);
  });

  it("keeps a draft when launch is false", async () => {
    const draft = await post({ name: "Later", launch: false }, writer);
    expect(draft).toMatchObject({ status: 201, body: { status: "draft", recipients: null } });
  });

  it("refuses bad input with a message and writes nothing (400, 415)", async () => {
    const cases: [unknown, string][] = [
      [{ segments: ["high"] }, "name"],
      [{ name: "" }, "name"],
      [{ name: "x", segments: ["vip"] }, "high, low or tech"],
      [{ name: "x", launch: "yes" }, "launch"],
      [{ name: "x", colour: "red" }, "colour"],
      [{ name: "x", scheduledAt: "tomorrow" }, "scheduledAt"],
      [{ name: "x", accountExternalIds: ["nope-1"] }, "nope-1"],
      [{ name: "Nobody", locales: ["ja"], segments: ["low"] }, "No contact would be invited"],
    ];
    for (const [body, mention] of cases) {
      const response = await post(body, writer);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.message, JSON.stringify(body)).toContain(mention);
    }
    expect((await post("{oops", writer)).status).toBe(400);
    expect((await post({ name: "x" }, writer, "text/plain")).status).toBe(415);
    expect(db.select().from(campaigns).all()).toHaveLength(0);
  });

  it("refuses no key (401) and a read-only key (403), writing nothing", async () => {
    expect((await post({ name: "x" })).status).toBe(401);
    const readOnly = await post({ name: "x" }, key);
    expect(readOnly).toMatchObject({ status: 403, body: { error: { code: "insufficient_scope" } } });
    expect(db.select().from(campaigns).all()).toHaveLength(0);
  });
});
