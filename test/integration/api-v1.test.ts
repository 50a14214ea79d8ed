import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, apiKeys, auditLog, contacts, rateLimits } from "../../db/schema";
import * as accountsRoute from "../../app/routes/api.v1.accounts";
import * as contactsRoute from "../../app/routes/api.v1.contacts";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { createApiKey } from "../../app/services/create-api-key.server";
import { revokeApiKey } from "../../app/services/revoke-api-key.server";
import { API_RATE_LIMIT } from "../../app/utils/api.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff } from "../factories";

type Route = { loader: (args: never) => unknown; action: (args: never) => unknown };

async function call(route: Route, method: string, path: string, init: { key?: string; body?: BodyInit; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.key) headers.Authorization = `Bearer ${init.key}`;
  if (init.contentType) headers["Content-Type"] = init.contentType;
  const request = new Request(`http://localhost${path}`, { method, headers, body: init.body });
  const handler = method === "GET" || method === "HEAD" ? route.loader : route.action;
  const response = (await handler({ request, params: {}, context: {} } as never)) as Response;
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const putJson = (route: Route, path: string, key: string, body: unknown) =>
  call(route, "PUT", path, { key, body: JSON.stringify(body), contentType: "application/json" });

const account = (n: number, extra: Record<string, unknown> = {}) => ({
  externalId: `crm-${n}`,
  name: `会社 ${n}`,
  acv: { amount: 1_000_000 + n, currency: "JPY" },
  ...extra,
});

let key: string;

beforeEach(() => {
  for (const table of [rateLimits, contacts, accounts, auditLog]) db.delete(table).run();
  key = createApiKey({ name: "CRM sync", scopes: ["accounts:write", "contacts:write", "contacts:read"] }, CLI_ACTOR).key;
});

describe("API authentication", () => {
  it("refuses a request without a key, with a garbage key, or with a well-formed unknown key (401)", async () => {
    const missing = await call(accountsRoute, "PUT", "/api/v1/accounts", { body: "{}", contentType: "application/json" });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("missing_api_key");
    expect(missing.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);

    const garbage = await putJson(accountsRoute, "/api/v1/accounts", "not-a-key", { accounts: [] });
    expect(garbage.status).toBe(401);
    expect(garbage.body.error.code).toBe("invalid_api_key");

    const forged = await putJson(accountsRoute, "/api/v1/accounts", key.slice(0, -4) + "AAAA", { accounts: [] });
    expect(forged.status).toBe(401);

    const request = new Request("http://localhost/api/v1/accounts", { method: "PUT", headers: { Authorization: "Basic Zm9vOmJhcg==" } });
    const basic = (await accountsRoute.action({ request, params: {}, context: {} } as never)) as Response;
    expect(basic.status).toBe(401);
  });

  it("records when a key was last used, at most once a minute", async () => {
    await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: [] });
    const first = db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.prefix, key.slice(0, 11)))
      .get()!.lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: [] });
    expect(
      db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.prefix, key.slice(0, 11)))
        .get()!.lastUsedAt,
    ).toEqual(first);
  });

  it("refuses a revoked key (401)", async () => {
    const admin = createStaff("admin");
    const created = createApiKey({ name: "old", scopes: ["accounts:write"] }, { user: { id: admin.id, email: admin.email, name: admin.name, role: "admin" } });
    revokeApiKey({ id: admin.id, email: admin.email, name: admin.name, role: "admin" }, created.id);
    const response = await putJson(accountsRoute, "/api/v1/accounts", created.key, { accounts: [account(1)] });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("revoked_api_key");
    expect(db.select().from(accounts).all()).toHaveLength(0);
  });

  it("refuses a key without the scope (403) and writes nothing", async () => {
    const readOnly = createApiKey({ name: "reader", scopes: ["contacts:read"] }, CLI_ACTOR).key;
    const response = await putJson(accountsRoute, "/api/v1/accounts", readOnly, { accounts: [account(1)] });
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({ code: "insufficient_scope", message: expect.stringContaining("accounts:write") });
    expect(db.select().from(accounts).all()).toHaveLength(0);
  });

  it("limits each key's rate and says when to retry (429)", async () => {
    let last = await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: [] });
    expect(last.headers.get("RateLimit-Limit")).toBe(String(API_RATE_LIMIT.limit));
    for (let i = 1; i < API_RATE_LIMIT.limit; i++) last = await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: [] });
    expect(last.status).toBe(200);
    expect(last.headers.get("RateLimit-Remaining")).toBe("0");
    const limited = await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: [account(1)] });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.body.error.code).toBe("rate_limited");
    expect(db.select().from(accounts).all()).toHaveLength(0);

    // Another key has its own budget.
    const other = createApiKey({ name: "other", scopes: ["accounts:write"] }, CLI_ACTOR).key;
    expect((await putJson(accountsRoute, "/api/v1/accounts", other, { accounts: [] })).status).toBe(200);
  });
});

describe("PUT /api/v1/accounts", () => {
  it("answers 405 with Allow for other methods", async () => {
    const get = await call(accountsRoute, "GET", "/api/v1/accounts", { key });
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("PUT");
    const post = await call(accountsRoute, "POST", "/api/v1/accounts", { key, body: "{}", contentType: "application/json" });
    expect(post.status).toBe(405);
    expect(post.body.error.code).toBe("method_not_allowed");
  });

  it("refuses a body that is not declared as JSON (415)", async () => {
    const response = await call(accountsRoute, "PUT", "/api/v1/accounts", { key, body: JSON.stringify({ accounts: [] }), contentType: "text/plain" });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe("unsupported_media_type");
  });

  it("refuses invalid JSON (400)", async () => {
    const response = await call(accountsRoute, "PUT", "/api/v1/accounts", { key, body: '{"accounts": [', contentType: "application/json" });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_json");
  });

  it("refuses the wrong envelope (400)", async () => {
    const response = await putJson(accountsRoute, "/api/v1/accounts", key, [account(1)]);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_body");
    const extra = await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: [], contacts: [] });
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0]).toMatchObject({ path: "contacts", code: "unknown_field" });
  });

  it("reports schema errors with field paths (400) and writes none of the batch", async () => {
    const response = await putJson(accountsRoute, "/api/v1/accounts", key, {
      accounts: [account(1), account(2), account(3), account(4, { acv: { amount: 12.5, currency: "JPY" }, renewalDate: "2025-02-30" })],
    });
    expect(response.status).toBe(400);
    expect(response.body.upserted).toBe(0);
    expect(response.body.errors).toEqual([
      { index: 3, path: "accounts.3.acv.amount", code: "invalid_value", message: expect.stringContaining("whole number") },
      { index: 3, path: "accounts.3.renewalDate", code: "invalid_value", message: expect.stringContaining("not a date") },
    ]);
    expect(db.select().from(accounts).all()).toHaveLength(0);
  });

  it("reports unknown references (422): currency without thresholds, unknown CSM", async () => {
    const response = await putJson(accountsRoute, "/api/v1/accounts", key, {
      accounts: [account(1, { acv: { amount: 1, currency: "GBP" } }), account(2, { csmEmail: "ghost@example.com" })],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(["accounts.0.acv.currency", "accounts.1.csmEmail"]);
    expect(response.body.errors[0].message).toMatch(/Settings/);
  });

  it("rejects more than 1,000 rows with a clear message", async () => {
    const rows = Array.from({ length: 1_001 }, (_, i) => account(i));
    const response = await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: rows });
    expect(response.status).toBe(413);
    expect(response.body.error.message).toMatch(/at most 1,000/);
    expect(db.select().from(accounts).all()).toHaveLength(0);
  });

  it("refuses an oversize body while reading it, whatever Content-Length says", async () => {
    const big = JSON.stringify({ accounts: [account(1, { name: "x".repeat(3 * 1024 * 1024) })] });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const request = new Request("http://localhost/api/v1/accounts", {
      method: "PUT",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const response = (await accountsRoute.action({ request, params: {}, context: {} } as never)) as Response;
    expect(response.status).toBe(413);
  });

  it("upserts 1,000 accounts idempotently and derives segments", async () => {
    const csm = createStaff("csm");
    const rows = Array.from({ length: 1_000 }, (_, i) =>
      account(i, { acv: { amount: [5_000_000, 1_000_000, 100_000][i % 3], currency: "JPY" }, csmEmail: i === 0 ? csm.email.toUpperCase() : undefined }),
    );
    const started = performance.now();
    const first = await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: rows });
    const elapsed = performance.now() - started;
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ upserted: 1_000, created: 1_000, updated: 0, unchanged: 0, errors: [] });
    expect(elapsed).toBeLessThan(2_000);
    const stored = db.select().from(accounts).where(eq(accounts.externalId, "crm-0")).get()!;
    expect(stored).toMatchObject({ segment: "high", csmUserId: csm.id, stage: "onboarding" });
    expect(stored.startDate).toBe(new Date().toISOString().slice(0, 10));

    const again = await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: rows });
    expect(again.body).toEqual({ upserted: 1_000, created: 0, updated: 0, unchanged: 1_000, errors: [] });
    expect(db.select().from(accounts).all()).toHaveLength(1_000);
  });

  it("updates only what a row carries: absent keeps, null clears", async () => {
    await putJson(accountsRoute, "/api/v1/accounts", key, {
      accounts: [account(1, { domain: "Example.COM", startDate: "2020-01-15", renewalDate: "2026-01-15", stage: "adoption" })],
    });
    const response = await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: [account(1, { name: "Renamed", renewalDate: null })] });
    expect(response.body).toMatchObject({ upserted: 1, updated: 1 });
    const stored = db.select().from(accounts).where(eq(accounts.externalId, "crm-1")).get()!;
    expect(stored).toMatchObject({ name: "Renamed", domain: "example.com", startDate: "2020-01-15", renewalDate: null, stage: "adoption" });
    expect(stored.updatedAt.getTime()).toBeGreaterThanOrEqual(stored.createdAt.getTime());
  });

  it("reports a repeated external id in one batch on the later row", async () => {
    const response = await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: [account(1), account(1)] });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ index: 1, path: "accounts.1.externalId", code: "duplicate" })]);
  });

  it("records an audit entry naming the key when data changed", async () => {
    await putJson(accountsRoute, "/api/v1/accounts", key, { accounts: [account(1)] });
    const entry = db.select().from(auditLog).where(eq(auditLog.action, "api.upsert")).get()!;
    expect(entry).toMatchObject({ entity: "account", actorUserId: null });
    expect(entry.detail).toMatchObject({ apiKeyPrefix: key.slice(0, 11), created: 1 });
  });
});

describe("PUT /api/v1/contacts", () => {
  it("upserts contacts idempotently by normalized email", async () => {
    createAccount({ externalId: "crm-1" });
    const rows = [
      { email: " Hanako@Example.JP ", name: "佐藤 花子", locale: "ja", accountExternalId: "crm-1" },
      { email: "bob@example.com", accountExternalId: "crm-1" },
    ];
    const first = await putJson(contactsRoute, "/api/v1/contacts", key, { contacts: rows });
    expect(first.body).toMatchObject({ upserted: 2, created: 2, errors: [] });
    const second = await putJson(contactsRoute, "/api/v1/contacts", key, { contacts: rows });
    expect(second.body).toMatchObject({ upserted: 2, created: 0, unchanged: 2 });
    expect(
      db
        .select()
        .from(contacts)
        .all()
        .map((c) => c.email)
        .sort(),
    ).toEqual(["bob@example.com", "hanako@example.jp"]);
  });

  it("refuses an unknown accountExternalId (422) and writes nothing", async () => {
    createAccount({ externalId: "crm-1" });
    const response = await putJson(contactsRoute, "/api/v1/contacts", key, {
      contacts: [
        { email: "ok@example.com", accountExternalId: "crm-1" },
        { email: "lost@example.com", accountExternalId: "crm-404" },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      upserted: 0,
      errors: [{ index: 1, path: "contacts.1.accountExternalId", code: "unknown_reference", message: expect.stringContaining("crm-404") }],
    });
    expect(db.select().from(contacts).all()).toHaveLength(0);
  });

  it("never re-subscribes an unsubscribed contact", async () => {
    const account1 = createAccount({ externalId: "crm-1" });
    const unsubscribedAt = new Date("2025-01-01T00:00:00Z");
    createContact({ email: "gone@example.com", accountId: account1.id, unsubscribedAt });
    await putJson(contactsRoute, "/api/v1/contacts", key, { contacts: [{ email: "gone@example.com", name: "New name", accountExternalId: "crm-1" }] });
    expect(db.select().from(contacts).where(eq(contacts.email, "gone@example.com")).get()).toMatchObject({ name: "New name", unsubscribedAt });
  });
});

describe("GET /api/v1/contacts?email=", () => {
  it("finds a contact by email, case-insensitively", async () => {
    const acct = createAccount({ externalId: "crm-9" });
    createContact({ email: "hanako@example.jp", name: "佐藤 花子", locale: "ja", accountId: acct.id });
    const response = await call(contactsRoute, "GET", "/api/v1/contacts?email=Hanako%40Example.jp", { key });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      contacts: [
        {
          email: "hanako@example.jp",
          name: "佐藤 花子",
          locale: "ja",
          title: null,
          accountExternalId: "crm-9",
          productUserId: null,
          unsubscribedAt: null,
          suppressedAt: null,
          lastSurveyedAt: null,
        },
      ],
    });
    const none = await call(contactsRoute, "GET", "/api/v1/contacts?email=nobody%40example.jp", { key });
    expect(none.body).toEqual({ contacts: [] });
  });

  it("needs contacts:read and a valid email", async () => {
    const writer = createApiKey({ name: "writer", scopes: ["contacts:write"] }, CLI_ACTOR).key;
    expect((await call(contactsRoute, "GET", "/api/v1/contacts?email=a%40b.co", { key: writer })).status).toBe(403);
    const bad = await call(contactsRoute, "GET", "/api/v1/contacts?email=nope", { key });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_query");
    const missing = await call(contactsRoute, "GET", "/api/v1/contacts", { key });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe("email: required: ?email=name@example.com");
  });

  it("answers 405 with Allow for DELETE", async () => {
    const response = await call(contactsRoute, "DELETE", "/api/v1/contacts", { key });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET, HEAD, PUT");
  });
});
