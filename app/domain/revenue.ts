/**
 * Revenue history and the retention arithmetic the CS manager reports (GRR, NRR). An account's
 * ARR over time is a list of dated movements, each carrying the ARR *after* it; the figures for a
 * period are read from those movements alone. Pure: amounts are integer minor units, conversion
 * factors come from app/domain/money.ts, and dates are ISO calendar days in the team's zone.
 */
import { convertMinor, type FactorsInForce } from "./money";
import type { Money } from "./segments";

export const REVENUE_MOVEMENT_TYPES = ["new", "expansion", "contraction", "churn", "reactivation"] as const;
export type RevenueMovementType = (typeof REVENUE_MOVEMENT_TYPES)[number];

/** The reasons an admin starts with for a churn (the list is theirs to extend). */
export const DEFAULT_CHURN_REASONS = ["onboarding_failure", "low_usage", "budget", "acquired", "competitor", "product_gap", "champion_left", "other"] as const;

export type RevenueMovement = { date: string; type: RevenueMovementType; arr: Money; reason?: string | null };

export type RetentionAccount = { accountId: number; movements: readonly RevenueMovement[] };

export type RetentionFigures = {
  currency: string;
  startingArr: number;
  endingArr: number;
  expansion: number;
  contraction: number;
  churn: number;
  /** Decimals (0.8 is 80 %); null when no account had ARR at the start. */
  nrr: number | null;
  grr: number | null;
  logos: { start: number; churned: number };
  churnByReason: { reason: string; arr: number; logos: number }[];
  /** The cohort's accounts, so every figure can link to the accounts behind it. */
  accounts: { accountId: number; start: number; end: number; reason: string | null }[];
};

export type RetentionResult = { ok: true; figures: RetentionFigures } | { ok: false; missingCurrencies: string[] };

/** Movements in the order they happened: by date, and in the order given within a day. */
function inOrder(movements: readonly RevenueMovement[]): RevenueMovement[] {
  return movements
    .map((movement, index) => ({ movement, index }))
    .sort((a, b) => (a.movement.date < b.movement.date ? -1 : a.movement.date > b.movement.date ? 1 : a.index - b.index))
    .map(({ movement }) => movement);
}

/** The ARR after the last movement dated before `day` (the ARR at the start of `day`), or null before any. */
export function arrAtStartOf(movements: readonly RevenueMovement[], day: string): Money | null {
  let arr: Money | null = null;
  for (const movement of inOrder(movements)) {
    if (movement.date >= day) break;
    arr = movement.arr;
  }
  return arr;
}

/** The ARR after the last movement dated on or before `day` (the ARR at the end of `day`), or null before any. */
export function arrAtEndOf(movements: readonly RevenueMovement[], day: string): Money | null {
  let arr: Money | null = null;
  for (const movement of inOrder(movements)) {
    if (movement.date > day) break;
    arr = movement.arr;
  }
  return arr;
}

/**
 * GRR and NRR from `from` to `to` (inclusive days). The cohort is the accounts with ARR > 0 at
 * the start of `from`; S is their ARR then, E the same accounts' ARR at the end of `to` — new
 * accounts in the period are left out. S and E are both converted at `factors` (the rates in force
 * at the end of the period), per account and then summed, so a rate move is never expansion or
 * churn. NRR = ΣE / ΣS, GRR = Σ min(E, S) / ΣS; expansion and contraction are over accounts still
 * paying at the end (E > 0); churn is ΣS over the accounts at E = 0, by the reason of their last
 * churn. A currency the cohort uses without a rate in force makes no figures at all.
 */
export function retention(
  accounts: readonly RetentionAccount[],
  from: string,
  to: string,
  factors: FactorsInForce,
  reportingCurrency: string,
): RetentionResult {
  const cohort: { accountId: number; start: Money; end: Money | null; reason: string | null }[] = [];
  for (const account of accounts) {
    const start = arrAtStartOf(account.movements, from);
    if (!start || start.amount <= 0) continue;
    const end = arrAtEndOf(account.movements, to);
    const lastChurn = inOrder(account.movements)
      .filter((movement) => movement.type === "churn" && movement.date <= to)
      .pop();
    cohort.push({ accountId: account.accountId, start, end, reason: lastChurn?.reason ?? null });
  }
  const missing = new Set<string>();
  for (const member of cohort) {
    if (!factors.has(member.start.currency)) missing.add(member.start.currency);
    if (member.end && member.end.amount > 0 && !factors.has(member.end.currency)) missing.add(member.end.currency);
  }
  if (missing.size > 0) return { ok: false, missingCurrencies: [...missing].sort() };

  const convert = (money: Money | null) => (money && money.amount > 0 ? convertMinor(money.amount, factors.get(money.currency)!.factor) : 0);
  const figures: RetentionFigures = {
    currency: reportingCurrency,
    startingArr: 0,
    endingArr: 0,
    expansion: 0,
    contraction: 0,
    churn: 0,
    nrr: null,
    grr: null,
    logos: { start: cohort.length, churned: 0 },
    churnByReason: [],
    accounts: [],
  };
  let kept = 0;
  const byReason = new Map<string, { arr: number; logos: number }>();
  for (const member of cohort) {
    const s = convert(member.start);
    const e = convert(member.end);
    figures.startingArr += s;
    figures.endingArr += e;
    kept += Math.min(s, e);
    if (e > 0) {
      figures.expansion += Math.max(0, e - s);
      figures.contraction += Math.max(0, s - e);
    } else {
      figures.churn += s;
      figures.logos.churned += 1;
      const reason = member.reason ?? "other";
      const row = byReason.get(reason) ?? { arr: 0, logos: 0 };
      byReason.set(reason, { arr: row.arr + s, logos: row.logos + 1 });
    }
    figures.accounts.push({ accountId: member.accountId, start: s, end: e, reason: e > 0 ? null : (member.reason ?? "other") });
  }
  if (figures.startingArr > 0) {
    figures.nrr = figures.endingArr / figures.startingArr;
    figures.grr = kept / figures.startingArr;
  }
  figures.churnByReason = [...byReason].map(([reason, row]) => ({ reason, ...row })).sort((a, b) => b.arr - a.arr || a.reason.localeCompare(b.reason));
  return { ok: true, figures };
}

export type PeriodKind = "month" | "quarter" | "year";
export type Period = { kind: PeriodKind; from: string; to: string; label: string };

const pad = (n: number) => String(n).padStart(2, "0");
function lastDayOf(year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}

/**
 * The months, quarters or years that contain `day`, counted in a fiscal year starting in
 * `fiscalStartMonth` (1–12; April in most Japanese companies). A fiscal year is named by the
 * calendar year it starts in ("FY2026" runs April 2026 – March 2027 with April).
 */
export function periodContaining(kind: PeriodKind, day: string, fiscalStartMonth: number): Period {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  if (kind === "month") return { kind, from: `${year}-${pad(month)}-01`, to: lastDayOf(year, month), label: `${year}-${pad(month)}` };
  // Months since the start of the fiscal year this day falls in.
  const offset = (month - fiscalStartMonth + 12) % 12;
  const fiscalYear = month >= fiscalStartMonth ? year : year - 1;
  const length = kind === "quarter" ? 3 : 12;
  const first = offset - (offset % length);
  const startMonthIndex = fiscalStartMonth - 1 + first;
  const startYear = fiscalYear + Math.floor(startMonthIndex / 12);
  const startMonth = (startMonthIndex % 12) + 1;
  const endIndex = startMonthIndex + length - 1;
  const endYear = fiscalYear + Math.floor(endIndex / 12);
  const endMonth = (endIndex % 12) + 1;
  const label = kind === "year" ? `FY${fiscalYear}` : `FY${fiscalYear} Q${first / 3 + 1}`;
  return { kind, from: `${startYear}-${pad(startMonth)}-01`, to: lastDayOf(endYear, endMonth), label };
}

/** The `count` periods of `kind` ending with the one that contains `day`, oldest first. */
export function recentPeriods(kind: PeriodKind, day: string, fiscalStartMonth: number, count: number): Period[] {
  const periods: Period[] = [];
  let cursor = day;
  for (let i = 0; i < count; i++) {
    const period = periodContaining(kind, cursor, fiscalStartMonth);
    periods.unshift(period);
    const before = new Date(Date.parse(`${period.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    cursor = before;
  }
  return periods;
}
