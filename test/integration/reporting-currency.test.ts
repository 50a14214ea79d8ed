import { and, eq, like } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, auditLog, cases, exchangeRates, jobs, outbox, reportingFactors, responses } from "../../db/schema";
import "../../app/jobs.server";
import { conversionFactor, convertMinor } from "../../app/domain/money";
import { categoryFor } from "../../app/domain/nps";
import type { Segment } from "../../app/domain/segments";
import { keyAfter, listResponsePage, type ResponseListKey } from "../../app/models/response-list.server";
import { putSetting } from "../../app/models/settings.server";
import { decodeCursor, encodeCursor } from "../../app/services/list-responses.server";
import { loader as accountListLoader } from "../../app/routes/cs.accounts._index";
import { loader as responseListLoader } from "../../app/routes/cs.responses._index";
import { action as currencyAction, loader as currencyLoader } from "../../app/routes/cs.settings.currency";
import { sendAdminDigest } from "../../app/services/admin-digest.server";
import { putExchangeRates, REPORTING_REFRESH_JOB } from "../../app/services/currency-settings.server";
import { openFollowUpCase } from "../../app/services/open-follow-up-case.server";
import { upsertAccounts } from "../../app/services/upsert-accounts.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { db, transaction } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, formRequest, getRequest, setReportingRates, staffCookie } from "../factories";
import { refreshReportingAmounts } from "../../app/services/currency-settings.server";
import { outboxEmails } from "../factories/outbox";

type ListPage = Exclude<Awaited<ReturnType<typeof responseListLoader>>, Response>;

let n = 0;
/** A detractor (or other answer) of a new account, answered at `at`. */
function answer(
  score: number,
  account: { acvAmount: number; acvCurrency: string; segment?: Segment; csmUserId?: number | null; renewalDate?: string },
  at = Date.now(),
) {
  n += 1;
  const acct = createAccount({ name: `${account.acvCurrency} ${account.acvAmount} #${n}`, segment: "high", renewalDate: "2027-03-31", ...account });
  const contact = createContact({ accountId: acct.id, name: `Contact ${n}` });
  const response = db
    .insert(responses)
    .values({
      contactId: contact.id,
      accountId: acct.id,
      score,
      comment: "Exports time out.",
      category: categoryFor(score),
      locale: "en",
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
  return { account: acct, response };
}

const reportingOf = (accountId: number) =>
  db.select({ v: accounts.acvReportingMinor, segment: accounts.segment }).from(accounts).where(eq(accounts.id, accountId)).get()!;

async function responseList(query: string): Promise<ListPage> {
  const cookie = await staffCookie(createStaff("viewer").id);
  return (await responseListLoader({ request: getRequest(`/cs/responses${query}`, cookie), params: {}, context: {} })) as ListPage;
}

async function postCurrency(form: Record<string, string>, role: "admin" | "csm" = "admin") {
  const cookie = await staffCookie(createStaff(role).id);
  try {
    const result = await currencyAction({ request: formRequest("/cs/settings/currency", form, cookie), params: {}, context: {} });
    return result as unknown as { init: { status?: number } | null; data: { message?: string; result: { error?: Record<string, string[]> } } };
  } catch (thrown) {
    if (thrown instanceof Response) return { init: { status: thrown.status }, data: { result: {} } };
    throw thrown;
  }
}

beforeEach(() => {
  db.delete(exchangeRates).run();
  setReportingRates({ USD: "150" });
});

describe("money at stake in the reporting currency", () => {
  it("ranks a ¥10,000,000 account between a $50,000 one (¥7,500,000 at ¥150/$) and an $80,000 one (¥12,000,000), whatever the raw minor units say", async () => {
    const csm = createStaff("csm");
    const fifty = answer(2, { acvAmount: 5_000_000, acvCurrency: "USD", csmUserId: csm.id });
    const yen = answer(3, { acvAmount: 10_000_000, acvCurrency: "JPY", csmUserId: csm.id });
    const eighty = answer(4, { acvAmount: 8_000_000, acvCurrency: "USD", csmUserId: csm.id });
    expect(reportingOf(fifty.account.id).v).toBe(7_500_000);
    expect(reportingOf(yen.account.id).v).toBe(10_000_000);
    expect(reportingOf(eighty.account.id).v).toBe(12_000_000);
    // By raw minor units the yen account (10,000,000) would lead both (8,000,000 and 5,000,000 cents).
    const list = await responseList(`?category=detractor&csm=${csm.id}`);
    expect(list.rows.map((row) => row.accountId)).toEqual([eighty.account.id, yen.account.id, fifty.account.id]);
    expect(list.rows[2]).toMatchObject({ acvAmount: 5_000_000, acvCurrency: "USD", acvReportingMinor: 7_500_000 });
    expect(list.reporting).toMatchObject({ reportingCurrency: "JPY" });
  });

  it("ranks a currency without a rate after every converted amount, pages across it, and says which currency lacks one", async () => {
    const csm = createStaff("csm");
    const pounds = answer(1, { acvAmount: 900_000_000, acvCurrency: "GBP", csmUserId: csm.id });
    const small = answer(1, { acvAmount: 1, acvCurrency: "JPY", csmUserId: csm.id });
    const dollars = answer(1, { acvAmount: 10_000_00, acvCurrency: "USD", csmUserId: csm.id });
    expect(reportingOf(pounds.account.id).v).toBeNull();
    const all = await responseList(`?csm=${csm.id}`);
    expect(all.rows.map((row) => row.accountId)).toEqual([dollars.account.id, small.account.id, pounds.account.id]);
    expect(all.reporting.missing).toContain("GBP");
    expect(all.reporting.missing).not.toContain("USD");
    // One row a page through the keyset: the no-rate account still comes last, once.
    const filters = { category: null, match: null, segment: null, csmUserId: csm.id, campaignId: null, fromMs: null, toMs: null, fromDay: null, toDay: null };
    const seen: number[] = [];
    let after: ResponseListKey | null = null;
    for (let i = 0; i < 5; i++) {
      const [row] = listResponsePage(filters, "stake", after, 1);
      if (!row) break;
      seen.push(row.accountId);
      after = decodeCursor(encodeCursor(keyAfter(row, "stake")));
    }
    expect(seen).toEqual([dollars.account.id, small.account.id, pounds.account.id]);
    // The account list orders the same way and flags the currency.
    const cookie = await staffCookie(createStaff("viewer").id);
    const accountsPage = (await accountListLoader({ request: getRequest(`/cs/accounts?csm=${csm.id}&sort=acv`, cookie), params: {}, context: {} })) as Exclude<
      Awaited<ReturnType<typeof accountListLoader>>,
      Response
    >;
    expect(accountsPage.rows.map((row) => row.id)).toEqual([dollars.account.id, small.account.id, pounds.account.id]);
    expect(accountsPage.reporting.missing).toContain("GBP");
    // Ascending too, the no-rate account is last.
    const ascending = (await accountListLoader({
      request: getRequest(`/cs/accounts?csm=${csm.id}&sort=acv&dir=asc`, cookie),
      params: {},
      context: {},
    })) as typeof accountsPage;
    expect(ascending.rows.map((row) => row.id)).toEqual([small.account.id, dollars.account.id, pounds.account.id]);

    // Once GBP gets a rate it is no longer flagged and takes its place by value.
    setReportingRates({ GBP: "190" });
    const after2 = await responseList(`?csm=${csm.id}`);
    expect(after2.rows[0].accountId).toBe(pounds.account.id);
    expect(after2.reporting.missing).not.toContain("GBP");
  });

  it("re-ranks when a rate changes, without moving any account to another segment", async () => {
    const csm = createStaff("csm");
    const dollars = answer(2, { acvAmount: 5_000_000, acvCurrency: "USD", segment: "high", csmUserId: csm.id });
    const yen = answer(2, { acvAmount: 10_000_000, acvCurrency: "JPY", segment: "high", csmUserId: csm.id });
    const techDollars = answer(2, { acvAmount: 1_000_00, acvCurrency: "USD", segment: "tech", csmUserId: csm.id });
    const segmentsBefore = db.select({ id: accounts.id, segment: accounts.segment }).from(accounts).all();
    expect((await responseList(`?csm=${csm.id}`)).rows.map((row) => row.accountId)).toEqual([yen.account.id, dollars.account.id, techDollars.account.id]);

    const admin = createStaff("admin");
    const outcome = putExchangeRates(admin, [{ currency: "USD", effectiveDate: "2020-01-01", rate: "250" }]);
    expect(outcome.changed).toBeGreaterThanOrEqual(2);
    expect(reportingOf(dollars.account.id).v).toBe(12_500_000);
    expect((await responseList(`?csm=${csm.id}`)).rows.map((row) => row.accountId)).toEqual([dollars.account.id, yen.account.id, techDollars.account.id]);
    expect(db.select({ id: accounts.id, segment: accounts.segment }).from(accounts).all()).toEqual(segmentsBefore);
  });

  it("converts in SQL exactly as the domain function does, and every ACV write (import, API) gets its converted amount", () => {
    setReportingRates({ USD: "149.37", EUR: "161.2" });
    const amounts = [0, 1, 3, 99, 12_345, 1_000_001, 987_654_321, 123_456_789_012];
    const made = amounts.flatMap((amount) => [
      createAccount({ acvAmount: amount, acvCurrency: "USD" }),
      createAccount({ acvAmount: amount, acvCurrency: "EUR" }),
    ]);
    for (const account of made) {
      expect(reportingOf(account.id).v, `${account.acvAmount} ${account.acvCurrency}`).toBe(
        convertMinor(account.acvAmount, conversionFactor(account.acvCurrency === "USD" ? "149.37" : "161.2", account.acvCurrency, "JPY")),
      );
    }
    // The bulk recompute agrees with the triggers.
    db.update(accounts).set({ acvReportingMinor: -5 }).run();
    transaction((tx) => refreshReportingAmounts(tx));
    for (const account of made)
      expect(reportingOf(account.id).v).toBe(
        convertMinor(account.acvAmount, conversionFactor(account.acvCurrency === "USD" ? "149.37" : "161.2", account.acvCurrency, "JPY")),
      );

    const admin = createStaff("admin");
    upsertAccounts({ user: admin }, [{ externalId: "fx-import-1", name: "Imported Inc.", acv: { amount: 2_000_00, currency: "USD" } }], {
      describeRow: (i) => `row ${i + 2}`,
      audit: { action: "import" },
    });
    const imported = db.select().from(accounts).where(eq(accounts.externalId, "fx-import-1")).get()!;
    expect(imported.acvReportingMinor).toBe(convertMinor(2_000_00, conversionFactor("149.37", "USD", "JPY")));
    // A changed ACV and currency re-convert on the same write.
    upsertAccounts({ user: admin }, [{ externalId: "fx-import-1", name: "Imported Inc.", acv: { amount: 3_000_000, currency: "JPY" } }], {
      describeRow: (i) => `row ${i + 2}`,
      audit: { action: "import" },
    });
    expect(reportingOf(imported.id).v).toBe(3_000_000);
  });

  it("brings a rate dated in the future into force on its day, by a job", async () => {
    const admin = createStaff("admin");
    const account = createAccount({ acvAmount: 1_000_00, acvCurrency: "USD" });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    putExchangeRates(admin, [{ currency: "USD", effectiveDate: tomorrow, rate: "200" }]);
    expect(reportingOf(account.id).v).toBe(150_000);
    const job = db
      .select()
      .from(jobs)
      .where(like(jobs.uniqueKey, `${REPORTING_REFRESH_JOB}:JPY:${tomorrow}`))
      .get()!;
    expect(job.runAt).toBe(Date.parse(`${tomorrow}T00:00:00Z`));
    // Its day comes.
    db.update(jobs)
      .set({ runAt: Date.now() - 1 })
      .where(eq(jobs.id, job.id))
      .run();
    transaction((tx) => refreshReportingAmounts(tx, Date.parse(`${tomorrow}T00:00:01Z`)));
    expect(reportingOf(account.id).v).toBe(200_000);
    expect(db.select().from(reportingFactors).where(eq(reportingFactors.currency, "USD")).get()).toMatchObject({ rate: "200", effectiveDate: tomorrow });
    expect(await runDueJobs()).toMatchObject({ done: 1 });
  });
});

describe("the digest and the case threshold follow the reporting currency", () => {
  it("lists the digest's new detractors by converted stake, the original amount with the converted one beside it", async () => {
    const at = Date.parse("2026-03-02T08:00:00Z");
    createStaff("admin");
    const yen = answer(2, { acvAmount: 10_000_000, acvCurrency: "JPY" }, at - 3_600_000);
    const dollars = answer(2, { acvAmount: 5_000_000, acvCurrency: "USD" }, at - 3_600_000);
    const pounds = answer(2, { acvAmount: 900_000_000, acvCurrency: "GBP" }, at - 3_600_000);
    const eighty = answer(2, { acvAmount: 8_000_000, acvCurrency: "USD" }, at - 3_600_000);
    expect(await sendAdminDigest({ day: "2026-03-02", at })).toMatchObject({ sent: expect.any(Number) });
    const mail = outboxEmails(eq(outbox.template, "admin-digest")).at(-1)!;
    const position = (row: { account: { name: string } }) => mail.text!.indexOf(row.account.name);
    expect(position(eighty)).toBeGreaterThan(-1);
    expect(position(eighty)).toBeLessThan(position(yen));
    expect(position(yen)).toBeLessThan(position(dollars));
    expect(position(dollars)).toBeLessThan(position(pounds));
    expect(mail.text).toContain("$50,000 (¥7,500,000)");
    expect(mail.text).toContain("£9,000,000 (no rate)");
  });

  it("opens a tech-touch case by the threshold in the reporting currency, and by the currency's own one without a rate", () => {
    putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: { USD: 10_000_00, GBP: 5_000_00 }, timeZone: "UTC", holidays: [] });
    setReportingRates({ USD: "300" }, "JPY", 1_000_000);
    // $5,000 is under USD's own $10,000, but ¥1,500,000 at ¥300/$ reaches ¥1,000,000.
    const reaches = answer(1, { acvAmount: 5_000_00, acvCurrency: "USD", segment: "tech" }).response;
    // ¥999,999 stays under.
    const under = answer(1, { acvAmount: 999_999, acvCurrency: "JPY", segment: "tech" }).response;
    // GBP has no rate: its own £5,000 applies.
    const poundsAt = answer(1, { acvAmount: 5_000_00, acvCurrency: "GBP", segment: "tech" }).response;
    const poundsUnder = answer(1, { acvAmount: 4_999_99, acvCurrency: "GBP", segment: "tech" }).response;
    expect(openFollowUpCase(reaches.id)).toMatchObject({ created: true });
    expect(openFollowUpCase(under.id)).toBeNull();
    expect(openFollowUpCase(poundsAt.id)).toMatchObject({ created: true });
    expect(openFollowUpCase(poundsUnder.id)).toBeNull();
    // At ¥100/$ the same $5,000 is ¥500,000: no case for a new detractor of that account.
    setReportingRates({ USD: "100" });
    const cheaper = answer(1, { acvAmount: 5_000_00, acvCurrency: "USD", segment: "tech" }).response;
    expect(openFollowUpCase(cheaper.id)).toBeNull();
    expect(db.select().from(cases).where(eq(cases.responseId, cheaper.id)).get()).toBeUndefined();
  });
});

describe("Settings → Currency", () => {
  it("lets an admin add a rate and change the reporting currency, re-converting every account; refuses bad input and other roles", async () => {
    const euros = createAccount({ acvAmount: 10_000_00, acvCurrency: "EUR" });
    expect(reportingOf(euros.id).v).toBeNull();
    const cookie = await staffCookie(createStaff("admin").id);
    const page = await currencyLoader({ request: getRequest("/cs/settings/currency", cookie), params: {}, context: {} });
    expect(page.missing).toContain("EUR");

    const saved = await postCurrency({ intent: "rate", currency: "eur", effectiveDate: "2025-01-01", rate: "160.5" });
    expect(saved.init?.status ?? 200).toBe(200);
    expect(saved.data.message).toContain("Rate for EUR from Jan 1, 2025 saved");
    expect(reportingOf(euros.id).v).toBe(1_605_000);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "settings.exchange_rates_updated")).all().length).toBeGreaterThan(0);

    const bads: Record<string, string>[] = [
      { intent: "rate", currency: "EUR", effectiveDate: "2025-02-30", rate: "1" },
      { intent: "rate", currency: "EUR", effectiveDate: "2025-01-01", rate: "-3" },
      { intent: "rate", currency: "EUR", effectiveDate: "2025-01-01", rate: "0" },
      { intent: "rate", currency: "E1", effectiveDate: "2025-01-01", rate: "1" },
      { intent: "rate", currency: "JPY", effectiveDate: "2025-01-01", rate: "2" },
      { intent: "currency", reportingCurrency: "YEN", caseThreshold: "" },
      { intent: "currency", reportingCurrency: "JPY", caseThreshold: "12.5" },
    ];
    for (const bad of bads) {
      const refused = await postCurrency(bad);
      expect(refused.init?.status, JSON.stringify(bad)).toBe(400);
    }
    expect(reportingOf(euros.id).v).toBe(1_605_000);
    expect(
      db
        .select()
        .from(exchangeRates)
        .where(and(eq(exchangeRates.currency, "JPY")))
        .all(),
    ).toHaveLength(0);
    expect((await postCurrency({ intent: "rate", currency: "EUR", effectiveDate: "2025-01-01", rate: "1" }, "csm")).init?.status).toBe(403);

    // USD becomes the reporting currency: nothing is quoted in USD yet, so only USD accounts keep an amount.
    const dollars = createAccount({ acvAmount: 10_000_00, acvCurrency: "USD" });
    const switched = await postCurrency({ intent: "currency", reportingCurrency: "usd", caseThreshold: "7,000" });
    expect(switched.init?.status ?? 200).toBe(200);
    expect(reportingOf(dollars.id).v).toBe(10_000_00);
    expect(reportingOf(euros.id).v).toBeNull();
    await postCurrency({ intent: "rate", currency: "EUR", effectiveDate: "2025-01-01", rate: "1.08" });
    expect(reportingOf(euros.id).v).toBe(10_800_00);
  });
});
