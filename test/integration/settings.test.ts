import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, auditLog, contacts, settings } from "../../db/schema";
import { action, loader } from "../../app/routes/cs.settings";
import { loader as segmentsLoader } from "../../app/routes/cs.settings.segments";
import { getSetting } from "../../app/models/settings.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createStaff, formRequest, getRequest, staffCookie } from "../factories";

type Wrapped = { type: "DataWithResponseInit"; data: Record<string, any>; init: { status?: number } | null };

/** Calls the action; `data(...)` results carry a status, plain objects mean 200. */
async function post(form: Record<string, string>, cookie: string) {
  const value = (await action({ request: formRequest("/cs/settings", form, cookie), params: {}, context: {} } as never)) as Wrapped | Record<string, any>;
  if (value.type === "DataWithResponseInit") return { status: (value as Wrapped).init?.status ?? 200, body: (value as Wrapped).data };
  return { status: 200, body: value as Record<string, any> };
}

/** The form as the page posts it: one row per currency, amounts in major units. */
function rows(values: [string, string, string][]): Record<string, string> {
  const form: Record<string, string> = {};
  values.forEach(([currency, high, low], index) => {
    form[`rows[${index}].currency`] = currency;
    form[`rows[${index}].high`] = high;
    form[`rows[${index}].low`] = low;
  });
  return form;
}

const DEFAULTS: [string, string, string][] = [
  ["EUR", "23,000", "4,600"],
  ["JPY", "3,000,000", "600,000"],
  ["USD", "25,000", "5,000"],
];

let adminCookie: string;

beforeEach(async () => {
  db.delete(contacts).run();
  db.delete(accounts).run();
  db.delete(settings).run();
  adminCookie = await staffCookie(createStaff("admin").id);
});

describe("/cs/settings", () => {
  it("shows the thresholds in major units", async () => {
    createAccount({ acvCurrency: "USD" });
    const page = await segmentsLoader({ request: getRequest("/cs/settings/segments", adminCookie), params: {}, context: {} } as never);
    expect(page.rows).toEqual(DEFAULTS.map(([currency, high, low]) => ({ currency, high, low })));
    expect(page.accountsByCurrency).toEqual({ USD: 1 });
  });

  it("saves new thresholds in minor units and recomputes every account's segment in the same step", async () => {
    const mid = createAccount({ externalId: "usd-mid", acvAmount: 1_200_000, acvCurrency: "USD", segment: "low" });
    const small = createAccount({ externalId: "usd-small", acvAmount: 300_000, acvCurrency: "USD", segment: "tech" });
    const yen = createAccount({ externalId: "jpy", acvAmount: 3_000_000, acvCurrency: "JPY", segment: "high" });
    const { status, body } = await post(
      rows([
        ["EUR", "23,000", "4,600"],
        ["JPY", "3,000,000", "600,000"],
        ["USD", "10,000", "2,500.50"],
        ["gbp", "20000", "4000"],
      ]),
      adminCookie,
    );
    expect(status).toBe(200);
    expect(body.saved).toEqual({ changed: 2, currencies: ["EUR", "GBP", "JPY", "USD"] });
    expect(getSetting("segmentThresholds")).toMatchObject({ USD: { high: 1_000_000, low: 250_050 }, GBP: { high: 2_000_000, low: 400_000 } });
    const segmentOf = (id: number) => db.select().from(accounts).where(eq(accounts.id, id)).get()!.segment;
    expect([segmentOf(mid.id), segmentOf(small.id), segmentOf(yen.id)]).toEqual(["high", "low", "high"]);
    const entry = db.select().from(auditLog).where(eq(auditLog.action, "settings.segment_thresholds_updated")).get()!;
    expect(entry.detail).toMatchObject({ accountsChanged: 2 });
  });

  it("refuses high ≤ low, bad amounts and unknown currencies, saving nothing", async () => {
    const cases: [Record<string, string>, string][] = [
      [rows([...DEFAULTS.slice(0, 2), ["USD", "5,000", "5,000"]]), "rows[2].high"],
      [rows([...DEFAULTS.slice(0, 2), ["USD", "25,000.123", "5,000"]]), "rows[2].high"],
      [rows([...DEFAULTS.slice(0, 1), ["JPY", "3,000,000.5", "600,000"], DEFAULTS[2]]), "rows[1].high"],
      [rows([...DEFAULTS, ["ZZZ", "1", "0"]]), "rows[3].currency"],
      [rows([...DEFAULTS, ["USD", "2", "1"]]), "rows[3].currency"],
      [rows([...DEFAULTS, ["GBP", "abc", ""]]), "rows[3].high"],
    ];
    for (const [form, field] of cases) {
      const { status, body } = await post(form, adminCookie);
      expect(status, field).toBe(400);
      expect(body.result.error[field], field).toBeDefined();
    }
    expect(db.select().from(settings).all()).toHaveLength(0);
  });

  it("refuses to drop a currency that accounts use", async () => {
    createAccount({ acvCurrency: "EUR", segment: "low" });
    const { status, body } = await post({ ...rows(DEFAULTS), "rows[0].remove": "on" }, adminCookie);
    expect(status).toBe(400);
    expect(body.result.error[""]).toEqual([expect.stringContaining("accounts per currency: EUR 1")]);
    expect(db.select().from(settings).all()).toHaveLength(0);

    // A currency nobody uses can go.
    const removed = await post({ ...rows(DEFAULTS), "rows[2].remove": "on" }, adminCookie);
    expect(removed.status).toBe(200);
    expect(Object.keys(getSetting("segmentThresholds")).sort()).toEqual(["EUR", "JPY"]);
  });

  it("refuses viewers and CSMs", async () => {
    for (const role of ["viewer", "csm"] as const) {
      const cookie = await staffCookie(createStaff(role).id);
      await expect(loader({ request: getRequest("/cs/settings", cookie), params: {}, context: {} } as never)).rejects.toMatchObject({ status: 403 });
      await expect(post(rows([["USD", "1", "0"]]), cookie)).rejects.toMatchObject({ status: 403 });
    }
    expect(db.select().from(settings).all()).toHaveLength(0);
  });
});
