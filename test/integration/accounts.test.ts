import { beforeAll, describe, expect, it } from "vitest";
import { accounts, contacts } from "../../db/schema";
import { loader as detailLoader } from "../../app/routes/cs.accounts.$id";
import { loader as listLoader } from "../../app/routes/cs.accounts._index";
import { db, sqlite } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";

type ListData = Awaited<ReturnType<typeof listLoader>>;
type DetailData = Awaited<ReturnType<typeof detailLoader>>;

let viewerCookie: string;
let csmId: number;

async function list(query: string, cookie = viewerCookie): Promise<ListData> {
  return listLoader({ request: getRequest(`/cs/accounts${query}`, cookie), params: {}, context: {} } as never);
}

async function listStatus(query: string): Promise<{ status: number; message: string }> {
  try {
    await list(query);
    return { status: 200, message: "" };
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    return { status: error.status, message: await error.text() };
  }
}

beforeAll(async () => {
  db.delete(contacts).run();
  db.delete(accounts).run();
  const viewer = createStaff("viewer");
  viewerCookie = await staffCookie(viewer.id);
  csmId = createStaff("csm", { name: "Sato Csm" }).id;
  createAccount({
    externalId: "SF-100",
    name: "株式会社サンプル",
    domain: "sample.co.jp",
    acvAmount: 5_000_000,
    acvCurrency: "JPY",
    segment: "high",
    stage: "adoption",
    renewalDate: "2026-04-30",
    csmUserId: csmId,
  });
  createAccount({
    externalId: "SF-200",
    name: "Acme 100% Corp",
    domain: "acme.example",
    acvAmount: 900_000,
    acvCurrency: "USD",
    segment: "low",
    stage: "renewal",
    renewalDate: "2026-01-31",
  });
  createAccount({
    externalId: "SF-300",
    name: "Tiny LLC",
    domain: null,
    acvAmount: 100_000,
    acvCurrency: "JPY",
    segment: "tech",
    stage: "onboarding",
    renewalDate: null,
  });
  for (let i = 0; i < 117; i++)
    createAccount({ externalId: `BULK-${String(i).padStart(3, "0")}`, name: `Bulk ${String(i).padStart(3, "0")}`, segment: "tech" });
});

describe("GET /cs/accounts", () => {
  it("lets a viewer read the first page, 50 at a time, with the total", async () => {
    const page1 = await list("");
    expect(page1.total).toBe(120);
    expect(page1.rows).toHaveLength(50);
    const page3 = await list("?page=3");
    expect(page3.rows).toHaveLength(20);
    const beyond = await list("?page=9");
    expect(beyond.rows).toHaveLength(0);
  });

  it("searches name, domain and external id; wildcards are literal", async () => {
    expect((await list("?q=サンプル")).rows.map((r) => r.externalId)).toEqual(["SF-100"]);
    expect((await list("?q=ACME.EXAMPLE")).rows.map((r) => r.externalId)).toEqual(["SF-200"]);
    expect((await list("?q=sf-3")).rows.map((r) => r.externalId)).toEqual(["SF-300"]);
    expect((await list("?q=100%25")).rows.map((r) => r.externalId)).toEqual(["SF-200"]);
    expect((await list("?q=_")).total).toBe(0);
  });

  it("filters by segment, stage and CSM", async () => {
    expect((await list("?segment=high")).rows.map((r) => r.externalId)).toEqual(["SF-100"]);
    expect((await list("?stage=renewal")).rows.map((r) => r.externalId)).toEqual(["SF-200"]);
    expect((await list(`?csm=${csmId}`)).rows.map((r) => r.csmName)).toEqual(["Sato Csm"]);
    expect((await list("?csm=none")).total).toBe(119);
    expect((await list("?segment=&stage=&q=")).total).toBe(120);
  });

  it("sorts by ACV within a currency and by renewal date with undated accounts last", async () => {
    const byAcv = await list("?sort=acv&currency=JPY");
    expect(byAcv.rows.slice(0, 2).map((r) => r.externalId)).toEqual(["SF-100", "SF-300"]);
    const byRenewal = await list("?sort=renewal");
    expect(byRenewal.rows.slice(0, 2).map((r) => r.externalId)).toEqual(["SF-200", "SF-100"]);
    const byRenewalDesc = await list("?sort=renewal&dir=desc");
    expect(byRenewalDesc.rows[0].externalId).toBe("SF-100");
    const byName = await list("?sort=name&dir=desc");
    expect(byName.rows[0].name).toBe("株式会社サンプル");
  });

  it("orders and finds Japanese names consistently: the same order forwards and backwards, and a search by any part of a name", async () => {
    const names = ["青葉物流株式会社", "アオバ商事", "株式会社あおば", "ＡＯＢＡ合同会社"];
    names.forEach((name, i) => createAccount({ externalId: `JA-${i}`, name, acvAmount: 1_000_000, acvCurrency: "JPY" }));
    const japanese = (rows: { name: string }[]) => rows.map((r) => r.name).filter((name) => names.includes(name));
    // Code points put these after every Latin name: the last page going up, the first going down.
    const lastPage = Math.ceil((await list("?sort=name")).total / 50);
    const ascending = japanese((await list(`?sort=name&page=${lastPage}`)).rows);
    const descending = japanese((await list("?sort=name&dir=desc")).rows);
    // Collation by reading is not attempted; one order, by code point, every time (kana before kanji, full-width last).
    expect(ascending).toEqual([...names].sort());
    expect(descending).toEqual([...ascending].reverse());
    expect(japanese((await list(`?q=${encodeURIComponent("青葉")}`)).rows)).toEqual(["青葉物流株式会社"]);
    expect(japanese((await list(`?q=${encodeURIComponent("商事")}`)).rows)).toEqual(["アオバ商事"]);
    expect(japanese((await list(`?q=${encodeURIComponent("あおば")}`)).rows)).toEqual(["株式会社あおば"]);
  });

  it("answers 400 with a readable message for bad parameters", async () => {
    for (const query of [
      "?segment=foo",
      "?page=-1",
      "?page=0",
      "?page=abc",
      "?page=1.5",
      "?sort=revenue",
      "?dir=up",
      "?csm=abc",
      "?stage=churned",
      `?q=${"x".repeat(101)}`,
    ]) {
      const { status, message } = await listStatus(query);
      expect(status, query).toBe(400);
      expect(message, query).toMatch(/parameter .* is not valid/);
    }
    expect((await listStatus("?segment=foo")).message).toContain("high | low | tech");
  });

  it("sends signed-out visitors to sign in", async () => {
    await expect(listLoader({ request: getRequest("/cs/accounts"), params: {}, context: {} } as never)).rejects.toMatchObject({ status: 302 });
  });

  it("stays fast on 20,000 accounts", async () => {
    const insert = sqlite().prepare(
      "INSERT INTO accounts (external_id, name, domain, acv_amount, acv_currency, segment, start_date, renewal_date, stage) VALUES (?, ?, ?, ?, 'JPY', ?, '2024-01-01', ?, 'adoption')",
    );
    sqlite().transaction(() => {
      for (let i = 0; i < 20_000; i++) {
        const month = String((i % 12) + 1).padStart(2, "0");
        insert.run(
          `PERF-${i}`,
          `Perf ${i}`,
          `perf${i}.example`,
          (i * 7919) % 9_000_000,
          ["high", "low", "tech"][i % 3],
          i % 5 === 0 ? null : `2026-${month}-15`,
        );
      }
    })();
    const started = performance.now();
    const deep = await list("?sort=renewal&page=300");
    const searched = await list("?q=perf1999&sort=acv");
    const filtered = await list("?segment=low&stage=adoption&sort=name&page=50");
    const elapsed = performance.now() - started;
    expect(deep.rows).toHaveLength(50);
    expect(searched.total).toBe(11);
    expect(filtered.rows).toHaveLength(50);
    expect(elapsed).toBeLessThan(1_500);
  });
});

describe("GET /cs/accounts/:id", () => {
  it("shows the account with its CSM and contacts", async () => {
    const account = createAccount({ externalId: "DET-1", name: "Detail KK", csmUserId: csmId });
    createContact({ accountId: account.id, email: "b@detail.example", name: "B" });
    createContact({ accountId: account.id, email: "a@detail.example", name: "A", unsubscribedAt: new Date() });
    const result: DetailData = await detailLoader({
      request: getRequest(`/cs/accounts/${account.id}`, viewerCookie),
      params: { id: String(account.id) },
      context: {},
    } as never);
    expect(result.account).toMatchObject({ name: "Detail KK", csmName: "Sato Csm" });
    expect(result.contacts.map((c) => c.email)).toEqual(["a@detail.example", "b@detail.example"]);
  });

  it("answers 404 for an unknown account and 400 for an id that is not a number", async () => {
    const call = (id: string) => detailLoader({ request: getRequest(`/cs/accounts/${id}`, viewerCookie), params: { id }, context: {} } as never);
    await expect(call("999999")).rejects.toMatchObject({ status: 404 });
    for (const id of ["abc", "1.5", "0", "-1", "1e3", "99999999999999999999"]) {
      await expect(call(id), id).rejects.toMatchObject({ status: 400 });
    }
  });
});
