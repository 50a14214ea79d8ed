import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, auditLog, exchangeRates, rateLimits, revenueMovements } from "../../db/schema";
import * as eventsRoute from "../../app/routes/api.v1.revenue-events";
import * as kpisRoute from "../../app/routes/api.v1.kpis";
import * as accountsRoute from "../../app/routes/api.v1.accounts";
import { listAccountMovements } from "../../app/models/revenue-movement.server";
import { putExchangeRate } from "../../app/models/exchange-rate.server";
import { putSetting } from "../../app/models/settings.server";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { createApiKey } from "../../app/services/create-api-key.server";
import { refreshReportingAmounts } from "../../app/services/currency-settings.server";
import { db, sqlite, transaction } from "../../app/utils/db.server";
import { eq } from "drizzle-orm";

type Reply = { status: number; body: Record<string, unknown> };

async function put(route: typeof eventsRoute | typeof accountsRoute, path: string, body: unknown, key: string): Promise<Reply> {
  const request = new Request(`http://localhost${path}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = (await route.action({ request, params: {}, context: {} } as never)) as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function kpis(query: string, key: string): Promise<Reply> {
  const request = new Request(`http://localhost/api/v1/kpis?${query}`, { headers: { Authorization: `Bearer ${key}` } });
  const response = (await kpisRoute.loader({ request, params: {}, context: {} } as never)) as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const account = (externalId: string, amount: number, currency: string, startDate: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  name: externalId,
  acv: { amount, currency },
  startDate,
  ...extra,
});

function stored(externalId: string) {
  return db.select().from(accounts).where(eq(accounts.externalId, externalId)).get()!;
}
const history = (externalId: string) =>
  listAccountMovements(stored(externalId).id).map((m) => [m.date, m.type, m.arrAmount, m.arrCurrency, m.reason ?? null, m.source]);

let writer: string;
let reader: string;

beforeEach(() => {
  for (const table of [revenueMovements, accounts, auditLog, rateLimits, exchangeRates]) db.delete(table).run();
  writer = createApiKey({ name: "Billing", scopes: ["accounts:write", "revenue:write"] }, CLI_ACTOR).key;
  reader = createApiKey({ name: "Board deck", scopes: ["kpis:read"] }, CLI_ACTOR).key;
  // Into JPY: 140 yen a dollar until June 2026, 150 from June; 160 yen a euro (the table of app/domain/revenue.test.ts).
  transaction((tx) => {
    putSetting("currency", { reportingCurrency: "JPY", caseThresholdMinor: null });
    putExchangeRate(tx, { currency: "USD", quoteCurrency: "JPY", effectiveDate: "2024-01-01", rate: "140" }, null);
    putExchangeRate(tx, { currency: "USD", quoteCurrency: "JPY", effectiveDate: "2026-06-01", rate: "150" }, null);
    putExchangeRate(tx, { currency: "EUR", quoteCurrency: "JPY", effectiveDate: "2024-01-01", rate: "160" }, null);
    refreshReportingAmounts(tx);
  });
});

describe("recording movements from the accounts API", () => {
  it("an account's creation records its new movement on its start date, and its ACV is that movement's ARR", async () => {
    expect((await put(accountsRoute, "/api/v1/accounts", { accounts: [account("a-1", 1_200_000, "JPY", "2025-01-10")] }, writer)).status).toBe(200);
    expect(history("a-1")).toEqual([["2025-01-10", "new", 1_200_000, "JPY", null, "start"]]);
  });

  it("an ACV change is an expansion or contraction dated acvEffectiveDate, and the reporting amount follows", async () => {
    await put(accountsRoute, "/api/v1/accounts", { accounts: [account("a-1", 1_000_000, "USD", "2024-06-01")] }, writer);
    const up = await put(
      accountsRoute,
      "/api/v1/accounts",
      { accounts: [account("a-1", 1_200_000, "USD", "2024-06-01", { acvEffectiveDate: "2025-04-01" })] },
      writer,
    );
    expect(up.body).toMatchObject({ updated: 1 });
    await put(accountsRoute, "/api/v1/accounts", { accounts: [account("a-1", 900_000, "USD", "2024-06-01", { acvEffectiveDate: "2025-10-01" })] }, writer);
    expect(history("a-1")).toEqual([
      ["2024-06-01", "new", 1_000_000, "USD", null, "start"],
      ["2025-04-01", "expansion", 1_200_000, "USD", null, "acv_change"],
      ["2025-10-01", "contraction", 900_000, "USD", null, "acv_change"],
    ]);
    const row = stored("a-1");
    expect([row.acvAmount, row.acvCurrency]).toEqual([900_000, "USD"]);
    // $9,000 at the rate in force today (150).
    expect(row.acvReportingMinor).toBe(1_350_000);
  });

  it("a backfilled change older than the latest movement is history only: the ACV stays the latest ARR, and sending it again adds nothing", async () => {
    await put(accountsRoute, "/api/v1/accounts", { accounts: [account("a-1", 1_000_000, "JPY", "2024-01-01")] }, writer);
    await put(accountsRoute, "/api/v1/accounts", { accounts: [account("a-1", 1_500_000, "JPY", "2024-01-01", { acvEffectiveDate: "2026-01-01" })] }, writer);
    const backfill = { accounts: [account("a-1", 1_200_000, "JPY", "2024-01-01", { acvEffectiveDate: "2025-01-01" })] };
    await put(accountsRoute, "/api/v1/accounts", backfill, writer);
    await put(accountsRoute, "/api/v1/accounts", backfill, writer);
    expect(history("a-1").map(([date, type, amount]) => [date, type, amount])).toEqual([
      ["2024-01-01", "new", 1_000_000],
      ["2025-01-01", "expansion", 1_200_000],
      ["2026-01-01", "expansion", 1_500_000],
    ]);
    expect(stored("a-1")).toMatchObject({ acvAmount: 1_500_000, acvReportingMinor: 1_500_000 });
  });

  it("rows without an ACV change record nothing", async () => {
    await put(accountsRoute, "/api/v1/accounts", { accounts: [account("a-1", 1_000_000, "JPY", "2024-01-01")] }, writer);
    await put(accountsRoute, "/api/v1/accounts", { accounts: [account("a-1", 1_000_000, "JPY", "2024-01-01", { name: "Renamed" })] }, writer);
    expect(history("a-1")).toHaveLength(1);
  });

  it("the migration gives every existing account its new movement, once", () => {
    db.insert(accounts).values({ externalId: "old", name: "Old", acvAmount: 500_000, acvCurrency: "JPY", segment: "low", startDate: "2023-04-01" }).run();
    db.delete(revenueMovements).run();
    const migrations = join(__dirname, "../../db/migrations");
    const sql = readFileSync(
      join(
        migrations,
        readdirSync(migrations).find((file) => file.endsWith("_revenue_movements.sql"))!,
      ),
      "utf8",
    );
    const backfill = sql.split("--> statement-breakpoint").find((part) => part.includes("INSERT OR IGNORE") && part.includes("FROM `accounts`"))!;
    sqlite().exec(backfill);
    sqlite().exec(backfill);
    expect(history("old")).toEqual([["2023-04-01", "new", 500_000, "JPY", null, "start"]]);
  });
});

// The hand-computed table of app/domain/revenue.test.ts, sent through the API.
const TABLE = [
  ["A", "2025-01-10", "new", 1_200_000, "JPY"],
  ["A", "2026-05-01", "expansion", 1_500_000, "JPY"],
  ["B", "2024-06-01", "new", 1_000_000, "USD"],
  ["B", "2026-04-15", "contraction", 800_000, "USD"],
  ["C", "2025-03-01", "new", 600_000, "JPY"],
  ["C", "2026-05-20", "churn", 0, "JPY", "budget"],
  ["D", "2025-07-01", "new", 500_000, "EUR"],
  ["D", "2026-04-10", "churn", 0, "EUR", "competitor"],
  ["D", "2026-06-01", "reactivation", 400_000, "EUR"],
  ["E", "2026-05-01", "new", 900_000, "JPY"],
  ["F", "2024-01-01", "new", 300_000, "JPY"],
  ["F", "2025-12-31", "churn", 0, "JPY", "low_usage"],
] as const;

async function sendTable() {
  // The accounts exist first (created on each one's first movement, as a CRM would).
  const firsts = TABLE.filter((row) => row[2] === "new");
  await put(accountsRoute, "/api/v1/accounts", { accounts: firsts.map(([name, date, , amount, currency]) => account(name, amount, currency, date)) }, writer);
  const events = TABLE.map(([name, date, type, amount, currency, reason], index) => ({
    id: `evt-${index}`,
    accountExternalId: name,
    type,
    date,
    arr: { amount, currency },
    ...(reason ? { reason } : {}),
  }));
  return { events, reply: await put(eventsRoute, "/api/v1/revenue-events", { events }, writer) };
}

describe("PUT /api/v1/revenue-events and GET /api/v1/kpis", () => {
  it("the hand-computed quarter comes back through the API, in minor units of the reporting currency", async () => {
    const { reply } = await sendTable();
    expect(reply).toEqual({ status: 200, body: { recorded: 6, unchanged: 6, errors: [] } });
    const got = await kpis("from=2026-04-01&to=2026-06-30", reader);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      currency: "JPY",
      startingArr: 4_100_000,
      endingArr: 3_340_000,
      expansion: 300_000,
      contraction: 460_000,
      churn: 600_000,
      nrr: 3_340_000 / 4_100_000,
      grr: 3_040_000 / 4_100_000,
      logos: { start: 4, churned: 1 },
      churnByReason: [{ reason: "budget", arr: 600_000, logos: 1 }],
    });
    // Accounts follow their latest movement: C churned, D came back.
    expect(stored("C")).toMatchObject({ status: "churned", acvAmount: 0 });
    expect(stored("D")).toMatchObject({ status: "active", acvAmount: 400_000, acvCurrency: "EUR" });
  });

  it("a replay changes nothing: no movement, no account write, no audit entry", async () => {
    const { events } = await sendTable();
    const before = {
      movements: db.select().from(revenueMovements).all(),
      accounts: db.select().from(accounts).all(),
      audit: db.select().from(auditLog).all().length,
    };
    const again = await put(eventsRoute, "/api/v1/revenue-events", { events }, writer);
    expect(again.body).toMatchObject({ recorded: 0, unchanged: 12 });
    expect(db.select().from(revenueMovements).all()).toEqual(before.movements);
    expect(db.select().from(accounts).all()).toEqual(before.accounts);
    expect(db.select().from(auditLog).all()).toHaveLength(before.audit);
  });

  it("filters by the segment accounts were in at the start of the period", async () => {
    await sendTable();
    // Default JPY thresholds put A (¥1.2M) and C in low or tech: ask for high and get no cohort, with null ratios.
    const high = await kpis("from=2026-04-01&to=2026-06-30&segment=high", reader);
    expect(high.status).toBe(200);
    const all = await kpis("from=2026-04-01&to=2026-06-30", reader);
    const low = await kpis("from=2026-04-01&to=2026-06-30&segment=low", reader);
    const tech = await kpis("from=2026-04-01&to=2026-06-30&segment=tech", reader);
    const starts = [high, low, tech].map((r) => (r.body.logos as { start: number }).start);
    expect(starts.reduce((a, b) => a + b, 0)).toBe((all.body.logos as { start: number }).start);
  });

  it("a period with no cohort has null ratios, not zero", async () => {
    await sendTable();
    const got = await kpis("from=2020-01-01&to=2020-12-31", reader);
    expect(got.body).toMatchObject({ startingArr: 0, nrr: null, grr: null, logos: { start: 0, churned: 0 } });
  });

  it("a currency with no rate in force at the end of the period is a 422 naming it", async () => {
    await sendTable();
    db.delete(exchangeRates).where(eq(exchangeRates.currency, "EUR")).run();
    const got = await kpis("from=2026-04-01&to=2026-06-30", reader);
    expect(got.status).toBe(422);
    expect(got.body).toMatchObject({ error: { code: "no_rate" }, missingCurrencies: ["EUR"] });
    expect(String((got.body.error as { message: string }).message)).toContain("EUR");
  });

  it("bad input is a 400 naming the field, and writes nothing", async () => {
    await put(accountsRoute, "/api/v1/accounts", { accounts: [account("A", 1_000, "JPY", "2025-01-01")] }, writer);
    const count = () => db.select().from(revenueMovements).all().length;
    const before = count();
    for (const [query, field] of [
      ["from=2026-13-01&to=2026-06-30", "from"],
      ["from=2026-04-01", "to"],
      ["from=2026-07-01&to=2026-06-30", "to"],
      ["from=2026-04-01&to=2026-06-30&segment=vip", "segment"],
    ]) {
      const got = await kpis(query, reader);
      expect(got.status, query).toBe(400);
      expect((got.body.error as { message: string }).message.startsWith(field), query).toBe(true);
    }
    const churnWithArr = await put(
      eventsRoute,
      "/api/v1/revenue-events",
      { events: [{ id: "x", accountExternalId: "A", type: "churn", date: "2026-01-01", arr: { amount: 5, currency: "JPY" } }] },
      writer,
    );
    expect(churnWithArr.status).toBe(400);
    expect(churnWithArr.body.errors).toEqual([expect.objectContaining({ path: "events.0.arr.amount" })]);
    const unknown = await put(
      eventsRoute,
      "/api/v1/revenue-events",
      {
        events: [
          { id: "y", accountExternalId: "A", type: "expansion", date: "2026-01-01", arr: { amount: 5_000, currency: "JPY" } },
          { id: "z", accountExternalId: "nobody", type: "expansion", date: "2026-01-01", arr: { amount: 5_000, currency: "JPY" } },
        ],
      },
      writer,
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: "events.1.accountExternalId", code: "unknown_reference" })]);
    const badReason = await put(
      eventsRoute,
      "/api/v1/revenue-events",
      { events: [{ id: "w", accountExternalId: "A", type: "churn", date: "2026-01-01", arr: { amount: 0, currency: "JPY" }, reason: "weather" }] },
      writer,
    );
    expect(badReason.status).toBe(422);
    expect(count()).toBe(before);
    expect(stored("A").acvAmount).toBe(1_000);
  });

  it("each endpoint needs its scope", async () => {
    expect((await kpis("from=2026-04-01&to=2026-06-30", writer)).status).toBe(403);
    const events = { events: [] };
    expect((await put(eventsRoute, "/api/v1/revenue-events", events, reader)).status).toBe(403);
  });
});

describe("the KPI page", () => {
  it("shows GRR and NRR per fiscal quarter, and every figure links to the accounts behind it", async () => {
    const { loader } = await import("../../app/routes/cs.kpis");
    const { createStaff, getRequest, staffCookie } = await import("../factories");
    await sendTable();
    const cookie = await staffCookie(createStaff("viewer").id);
    // The quarter of the table (FY2026 Q1 with April), shown with the accounts behind its churn.
    const data = (await loader({ request: getRequest("/cs/kpis?kind=quarter&show=churn", cookie), params: {}, context: {} } as never)) as Awaited<
      ReturnType<typeof loader>
    >;
    const quarter = data.rows.find((row) => row.period.label === "FY2026 Q1");
    expect(quarter?.figures).toMatchObject({ startingArr: 4_100_000, endingArr: 3_340_000, grr: 3_040_000 / 4_100_000 });
    const asked = (await loader({
      request: getRequest(`/cs/kpis?kind=quarter&period=${data.rows.indexOf(quarter!)}&show=churn&reason=budget`, cookie),
      params: {},
      context: {},
    } as never)) as Awaited<ReturnType<typeof loader>>;
    expect(asked.behind).toEqual([expect.objectContaining({ name: "C", start: 600_000, end: 0, reason: "budget" })]);
  });
});

describe("marking churn and reactivation in the console", () => {
  it("the account's CSM or an admin marks it churned with a reason and reactivates it; another CSM is refused; both are audited", async () => {
    const { markAccountChurned, reactivateAccount } = await import("../../app/services/mark-account-churn.server");
    const { createStaff } = await import("../factories");
    const owner = createStaff("csm");
    const other = createStaff("csm");
    await put(accountsRoute, "/api/v1/accounts", { accounts: [account("A", 1_000_000, "JPY", "2025-01-01")] }, writer);
    db.update(accounts).set({ csmUserId: owner.id }).where(eq(accounts.externalId, "A")).run();
    const id = stored("A").id;
    const as = (user: typeof owner) => ({ user: { ...user, language: "en" } }) as never;
    expect(() => markAccountChurned(as(other), { accountId: id, date: "2026-11-30", reason: "budget" })).toThrow(/Only an admin or the account's CSM/);
    expect(() => markAccountChurned(as(owner), { accountId: id, date: "2026-11-30", reason: "weather" })).toThrow();
    markAccountChurned(as(owner), { accountId: id, date: "2026-11-30", reason: "budget" });
    expect(stored("A")).toMatchObject({ status: "churned", acvAmount: 0 });
    expect(() => markAccountChurned(as(owner), { accountId: id, date: "2026-12-01", reason: "budget" })).toThrow();
    reactivateAccount(as(owner), { accountId: id, date: "2026-12-05", arrAmount: 800_000 });
    expect(stored("A")).toMatchObject({ status: "active", acvAmount: 800_000 });
    expect(history("A").map(([date, type, amount, , reason, source]) => [date, type, amount, reason, source])).toEqual([
      ["2025-01-01", "new", 1_000_000, null, "start"],
      ["2026-11-30", "churn", 0, "budget", "console"],
      ["2026-12-05", "reactivation", 800_000, null, "console"],
    ]);
    const actions = db
      .select()
      .from(auditLog)
      .all()
      .map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(["account.churned", "account.reactivated"]));
  });
});
