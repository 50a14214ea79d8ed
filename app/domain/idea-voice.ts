/*
 * The "voice of the customer" page's pure parts: its filters, and picking the ideas a segment's
 * accounts want most without summing every idea (the bound-and-check search below).
 */

export const VOICE_PERIODS = ["90d", "1y", "all"] as const;
export type VoicePeriod = (typeof VOICE_PERIODS)[number];
const PERIOD_DAYS: Record<VoicePeriod, number | null> = { "90d": 90, "1y": 365, all: null };

export const parseVoicePeriod = (value: string | null): VoicePeriod =>
  (VOICE_PERIODS as readonly string[]).includes(value ?? "") ? (value as VoicePeriod) : "90d";

/** The first moment of the period (ms), or null for all time. */
export function periodStart(period: VoicePeriod, now: number): number | null {
  const days = PERIOD_DAYS[period];
  return days === null ? null : now - days * 86_400_000;
}

export type Ranked = { id: number; arrMinor: number; accounts: number };

/** Most ARR first; ties newest idea (highest id) first, like the board. */
export const byArr = (a: Ranked, b: Ranked) => b.arrMinor - a.arrMinor || b.id - a.id;

/**
 * The `k` items with the most ARR, given each candidate's upper bound (sorted highest bound first)
 * and a way to sum a batch exactly: batches are summed in bound order until the k-th best found
 * beats every bound left, so only the few ideas that could make the list are summed.
 */
export function topByBound(
  candidates: readonly { id: number; bound: number }[],
  k: number,
  exact: (ids: number[]) => Ranked[],
  batch = 10,
): { top: Ranked[]; summed: number } {
  let best: Ranked[] = [];
  let summed = 0;
  for (let start = 0; start < candidates.length && k > 0; start += batch) {
    const next = candidates[start].bound;
    const kth = best.length >= k ? best[k - 1] : null;
    if (kth && (kth.arrMinor > next || next <= 0)) break;
    const ids = candidates.slice(start, start + batch).map((candidate) => candidate.id);
    summed += ids.length;
    best = [...best, ...exact(ids)].sort(byArr).slice(0, k);
  }
  return { top: best, summed };
}
