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

type LocalDateTime = { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number };

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
    date += 86_400_000;
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

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for an unknown zone, which is the message we want.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function localDateTime(epoch: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(epoch)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    millisecond: ((epoch % 1000) + 1000) % 1000,
  };
}

/** The zone's offset from UTC at `epoch`, in ms (Tokyo: +9 h). */
function offsetAt(epoch: number, timeZone: string): number {
  const local = localDateTime(epoch, timeZone);
  return wallClockAsUtc(local) - epoch;
}

function wallClockAsUtc(t: LocalDateTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);
}

/**
 * The instant showing local time `t` in the zone. The offset is read twice because the first guess
 * may sit on the other side of a DST change. A clock time DST skips or repeats resolves to an instant
 * an hour off or to the earlier of the two; most zones change on a weekend, when nothing falls due.
 */
function epochFromLocal(t: LocalDateTime, timeZone: string): number {
  const wall = wallClockAsUtc(t);
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}
