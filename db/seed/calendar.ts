/** Date arithmetic for the demo data: whole UTC days, ISO `YYYY-MM-DD` strings. */
export { DAY_MS } from "../../app/domain/days";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of an ISO date, or null when `text` is not a real calendar date. */
export function parseIsoDate(text: string): number | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return isoDate(ms) === text ? ms : null;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function todayIso(): string {
  return isoDate(Date.now());
}

function anniversaryIn(year: number, month: number, day: number): number {
  // A 29 February start renews on 28 February in common years.
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(day, lastDay));
}

/** The first anniversary of `startMs` strictly after `todayMs`: when an annual contract renews. */
export function nextAnniversary(startMs: number, todayMs: number): number {
  const start = new Date(startMs);
  const year = new Date(todayMs).getUTCFullYear();
  const candidate = anniversaryIn(year, start.getUTCMonth(), start.getUTCDate());
  return candidate > todayMs ? candidate : anniversaryIn(year + 1, start.getUTCMonth(), start.getUTCDate());
}
