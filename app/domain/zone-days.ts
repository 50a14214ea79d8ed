/**
 * The team's calendar days (decision 017, amended): which local day an instant falls on in an
 * IANA zone, and which instants a local day spans. Every daily count, date filter, trend bucket,
 * digest day and due date reads days through these, so "7 December" means the same hours on the
 * dashboard, in the response list and in the export.
 *
 * A zone's offset rule is learnt from the built-in Intl data once per zone and UTC year (its
 * offset at each UTC midnight of the year, each change pinned to the second) and cached, so
 * `dayInZone` is an array lookup and a little arithmetic: cheap enough to run per counted response.
 */
import { DAY_MS } from "./days";
import { localDateTime } from "./time-zones";

const HOUR_MS = 3_600_000;

/** A stretch of time at one offset from UTC: [start, end) in epoch ms, offset in ms (Tokyo: +9 h). */
export type OffsetSpan = { start: number; end: number; offset: number };

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function offsetAtIntl(epoch: number, timeZone: string): number {
  const t = localDateTime(epoch, timeZone);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond) - epoch;
}

const yearSpans = new Map<string, OffsetSpan[]>();

/** The offset spans covering UTC year `year`, cut at the year's bounds. */
function spansOfYear(timeZone: string, year: number): OffsetSpan[] {
  const key = `${timeZone}|${year}`;
  const cached = yearSpans.get(key);
  if (cached) return cached;
  const yearStart = Date.UTC(year, 0, 1);
  const yearEnd = Date.UTC(year + 1, 0, 1);
  const spans: OffsetSpan[] = [];
  let start = yearStart;
  let offset = offsetAtIntl(yearStart, timeZone);
  for (let sample = yearStart + DAY_MS; sample <= yearEnd; sample += DAY_MS) {
    const next = offsetAtIntl(sample, timeZone);
    if (next === offset) continue;
    // The change happened in (sample - 1 day, sample]: pin it to the second.
    let lo = (sample - DAY_MS) / 1000;
    let hi = sample / 1000;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAtIntl(mid * 1000, timeZone) === offset) lo = mid;
      else hi = mid;
    }
    spans.push({ start, end: hi * 1000, offset });
    start = hi * 1000;
    offset = next;
  }
  spans.push({ start, end: yearEnd, offset });
  yearSpans.set(key, spans);
  return spans;
}

/** The zone's offset from UTC at `epoch`, in ms. Throws a RangeError for an unknown zone. */
export function zoneOffsetAt(epoch: number, timeZone: string): number {
  if (!Number.isFinite(epoch)) throw new RangeError(`A time is epoch milliseconds, not ${epoch}`);
  if (timeZone === "UTC") return 0;
  const spans = spansOfYear(timeZone, new Date(epoch).getUTCFullYear());
  for (let i = spans.length - 1; i > 0; i--) if (epoch >= spans[i].start) return spans[i].offset;
  return spans[0].offset;
}

/** The offset spans covering [from, to] (epoch ms, inclusive), neighbours of equal offset merged. */
export function zoneOffsetSpans(timeZone: string, from: number, to: number): OffsetSpan[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) throw new RangeError(`Not a time range: ${from} to ${to}`);
  if (timeZone === "UTC") return [{ start: from, end: to + 1, offset: 0 }];
  const merged: OffsetSpan[] = [];
  for (let year = new Date(from).getUTCFullYear(); year <= new Date(to).getUTCFullYear(); year++) {
    for (const span of spansOfYear(timeZone, year)) {
      if (span.end <= from || span.start > to) continue;
      const last = merged.at(-1);
      if (last && last.offset === span.offset && last.end === span.start) last.end = span.end;
      else merged.push({ ...span });
    }
  }
  return merged;
}

/** `YYYY-MM-DD` of a UTC-midnight-based epoch, without the cost of toISOString for common years. */
function formatDay(epoch: number): string {
  const d = new Date(epoch);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${y < 1000 ? String(y).padStart(4, "0") : y}-${m < 10 ? "0" : ""}${m}-${day < 10 ? "0" : ""}${day}`;
}

/** The calendar day (`YYYY-MM-DD`) the zone's clocks show at `epoch`. */
export function dayInZone(epoch: number, timeZone: string): string {
  return formatDay(epoch + zoneOffsetAt(epoch, timeZone));
}

function parseDay(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`A day is written YYYY-MM-DD, not ${day}`);
  const epoch = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (formatDay(epoch) !== day) throw new RangeError(`${day} is not a date in the calendar`);
  return epoch;
}

/**
 * The first instant whose local day is `day` or later. Local days only move forward except where
 * a zone turns its clocks back across midnight (none does today); there the first crossing wins.
 */
function startOfDay(day: string, timeZone: string): number {
  const midnight = parseDay(day);
  // Offsets lie within −12 h … +14 h, so an hour either side of those bounds brackets the start.
  let lo = midnight - 15 * HOUR_MS; // still the day before
  let hi = midnight + 13 * HOUR_MS; // already `day`
  // Most days start at midnight at the offset then in force: try that before searching.
  for (const guess of [midnight - zoneOffsetAt(midnight, timeZone), midnight - zoneOffsetAt(midnight - 14 * HOUR_MS, timeZone)]) {
    if (dayInZone(guess, timeZone) >= day && dayInZone(guess - 1, timeZone) < day) return guess;
  }
  // A day whose midnight was skipped (clocks forward at 00:00) starts when the clocks jump.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dayInZone(mid, timeZone) >= day) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The instants of the zone's day `day`: [start, end) in epoch ms. 23 or 25 hours long on DST change days. */
export function zoneDayRange(day: string, timeZone: string): { start: number; end: number } {
  const start = startOfDay(day, timeZone);
  return { start, end: startOfDay(formatDay(parseDay(day) + DAY_MS), timeZone) };
}

/** The instants from the start of day `from` to the end of day `to` in the zone (both days included): [start, end). */
export function zoneDaysRange(from: string, to: string, timeZone: string): { start: number; end: number } {
  return { start: zoneDayRange(from, timeZone).start, end: zoneDayRange(to, timeZone).end };
}

/** The calendar day `days` after (negative: before) `day`; plain date arithmetic, no zone involved. */
export function shiftDay(day: string, days: number): string {
  return formatDay(parseDay(day) + days * DAY_MS);
}
