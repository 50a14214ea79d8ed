import { segmentFor, type Segment } from "../../app/domain/segments";
import { DAY_MS, isoDate, nextAnniversary } from "./calendar";
import { uniqueCompany } from "./companies";
import type { SeedStep, SeededAccount } from "./context";
import type { Rng } from "./random";

const YEARS_OF_HISTORY = 4;

/** Share of accounts per touch model: a few big customers, a long tail of small ones. */
const SEGMENT_MIX: readonly (readonly [Segment, number])[] = [
  ["high", 12],
  ["low", 33],
  ["tech", 55],
];

/** ACVs are quoted in round numbers: ¥10,000 steps in JPY, $100 steps in USD (minor units). */
const ROUNDING = { JPY: 10_000, USD: 10_000 } as const;

/**
 * An ACV inside the band of the intended touch model under the thresholds in effect, so the
 * mix holds whatever an admin has set; the stored segment is still what `segmentFor` says.
 */
function acvFor(rng: Rng, band: Segment, threshold: { high: number; low: number }, currency: "JPY" | "USD"): number {
  const [min, max] =
    band === "high" ? [threshold.high, threshold.high * 8] : band === "low" ? [threshold.low, threshold.high] : [threshold.low / 10, threshold.low];
  const step = ROUNDING[currency];
  return Math.max(step, Math.floor(rng.logUniform(Math.max(min, 1), Math.max(max, 2)) / step) * step);
}

/** Lifecycle stage from the account's age and how close its renewal is. */
function stageFor(rng: Rng, segment: Segment, ageDays: number, daysToRenewal: number) {
  if (ageDays < 60) return "onboarding";
  if (daysToRenewal <= 90 && ageDays > 300) return "renewal";
  // Some onboardings stall: the churn risk the console should surface early.
  if (ageDays < 365) return rng.chance(0.15) ? "onboarding" : "adoption";
  const expansion = segment === "high" ? 40 : segment === "low" ? 25 : 10;
  return rng.weighted([
    ["adoption", 100 - expansion - 5],
    ["expansion", expansion],
    ["onboarding", 5],
  ] as const);
}

/**
 * Customers from Japan (JPY, 株式会社…, .co.jp) and the US (USD, Inc., .com), customers for up
 * to four years (more of them recent: the vendor is growing), renewing on their anniversary,
 * high and low touch owned by a CSM who speaks the customer's language, tech touch by nobody.
 */
export const accountsStep: SeedStep = {
  name: "accounts",
  run(ctx) {
    const rng = ctx.rng("accounts");
    const insert = ctx.sqlite.prepare(
      `INSERT INTO accounts (external_id, name, domain, acv_amount, acv_currency, segment, start_date, renewal_date, stage, csm_user_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const csmsByLanguage = {
      JP: ctx.csms.filter((csm) => csm.speaksJapanese),
      US: ctx.csms.filter((csm) => !csm.speaksJapanese),
    };
    const domains = new Set<string>();
    const digits = Math.max(6, String(ctx.plan.accounts).length);
    for (let i = 0; i < ctx.plan.accounts; i++) {
      const country = rng.chance(0.6) ? "JP" : "US";
      const currency = country === "JP" ? "JPY" : "USD";
      const company = uniqueCompany(rng, country, domains);
      const band = rng.weighted(SEGMENT_MIX);
      const acvAmount = acvFor(rng, band, ctx.thresholds[currency], currency);
      const segment = segmentFor({ amount: acvAmount, currency }, ctx.thresholds);
      // At least a day old, so nothing seeded lies in the future of the reference day.
      const ageDays = 1 + Math.floor((YEARS_OF_HISTORY * 365 - 1) * rng.next() ** 1.4);
      const startMs = ctx.todayMs - ageDays * DAY_MS;
      const renewalMs = nextAnniversary(startMs, ctx.todayMs);
      const stage = stageFor(rng, segment, ageDays, (renewalMs - ctx.todayMs) / DAY_MS);
      const pool = csmsByLanguage[country].length > 0 ? csmsByLanguage[country] : ctx.csms;
      const csmUserId = segment === "tech" || pool.length === 0 ? null : rng.pick(pool).id;
      const externalId = `ACC-${String(i + 1).padStart(digits, "0")}`;
      const createdMs = startMs + rng.int(0, DAY_MS / 1000 - 1) * 1000;
      const { lastInsertRowid } = insert.run(
        externalId,
        company.name,
        company.domain,
        acvAmount,
        currency,
        segment,
        isoDate(startMs),
        isoDate(renewalMs),
        stage,
        csmUserId,
        createdMs,
        createdMs,
      );
      const account: SeededAccount = {
        id: Number(lastInsertRowid),
        externalId,
        domain: company.domain,
        country,
        currency,
        acvAmount,
        segment,
        startMs,
        renewalMs,
        csmUserId,
      };
      ctx.accounts.push(account);
      if ((i + 1) % 5_000 === 0) ctx.progress(`accounts: ${i + 1} of ${ctx.plan.accounts}`);
    }
    return ctx.accounts.length;
  },
};
