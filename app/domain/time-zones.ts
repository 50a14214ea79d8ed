/**
 * Wall-clock time in an IANA zone from built-in Intl data: what a zone's clocks show at an
 * instant, and the instant they show a given time. Due dates and the digest's 08:00 use it.
 */
export type LocalDateTime = { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number };

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

export function localDateTime(epoch: number, timeZone: string): LocalDateTime {
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
export function epochFromLocal(t: LocalDateTime, timeZone: string): number {
  const wall = wallClockAsUtc(t);
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}
