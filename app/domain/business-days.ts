import { epochFromLocal, localDateTime } from "./time-zones";
import { DAY_MS } from "./days";

/**
 * Due times for follow-up cases ("call a detractor back within 2 business days"). Business days
 * are Monday to Friday in the team's time zone, less its holidays, so a case opened late on a
 * Friday in Tokyo is not due on a Japanese holiday or a Sunday.
 */
export type BusinessDayOptions = {
  /** IANA zone whose calendar decides weekdays, holidays and the clock time kept; default UTC. */
  timeZone?: string;
  /** Days off as `YYYY-MM-DD` in that zone. */
  holidays?: ReadonlySet<string>;
};

/**
 * `days` business days after `start` (epoch ms), at the same local clock time.
 * Counting starts with the calendar day after the start's, so a weekend start counts from Monday:
 * Friday 15:00 + 2 → Tuesday 15:00, and Saturday 10:00 + 2 → Tuesday 10:00 (Monday is the first).
 * 0 days returns `start` unchanged.
 */
export function addBusinessDays(start: number, days: number, options: BusinessDayOptions = {}): number {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Business days are a whole number ≥ 0, not ${days}`);
  if (!Number.isFinite(start)) throw new RangeError(`A start time is epoch milliseconds, not ${start}`);
  const timeZone = options.timeZone ?? "UTC";
  const holidays = options.holidays ?? new Set<string>();
  if (days === 0) return start;

  const local = localDateTime(start, timeZone);
  // Walk calendar dates as UTC midnights: plain date arithmetic, free of the zone's DST shifts.
  let date = Date.UTC(local.year, local.month - 1, local.day);
  let remaining = days;
  while (remaining > 0) {
    date += DAY_MS;
    const weekday = new Date(date).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(new Date(date).toISOString().slice(0, 10))) remaining -= 1;
  }
  const due = new Date(date);
  return epochFromLocal({ ...local, year: due.getUTCFullYear(), month: due.getUTCMonth() + 1, day: due.getUTCDate() }, timeZone);
}

/** Overdue once the due time has passed; at the due instant it is still on time. */
export function isOverdue(dueAt: number, now: number): boolean {
  return now > dueAt;
}
