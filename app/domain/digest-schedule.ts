/**
 * When the daily admin digest goes out: at a fixed clock time (08:00) in the team's time zone,
 * once per local calendar day. A slot is named by that local date, which is what makes "once a
 * day" checkable: the scheduler queues the slot's job under a key built from the date.
 */
import { epochFromLocal, localDateTime, type LocalDateTime } from "./time-zones";
import { shiftDay } from "./zone-days";

export const DIGEST_HOUR = 8;

/** One day's digest: the team's local date and the UTC instant of its clock time that day. */
export type DigestSlot = { day: string; at: number };

const isoDay = (t: Pick<LocalDateTime, "year" | "month" | "day">) =>
  `${String(t.year).padStart(4, "0")}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;

/** The slot of the team's local date at `now` (its instant may be earlier or later than `now`). */
export function digestSlotOn(now: number, timeZone: string, hour = DIGEST_HOUR): DigestSlot {
  if (!Number.isFinite(now)) throw new RangeError(`A time is epoch milliseconds, not ${now}`);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`The digest hour is 0–23, not ${hour}`);
  const local = localDateTime(now, timeZone);
  return { day: isoDay(local), at: epochFromLocal({ ...local, hour, minute: 0, second: 0, millisecond: 0 }, timeZone) };
}

/**
 * The slot of the team's day before `slot`'s: the digest's "since yesterday" starts at its time,
 * which is 23 or 25 hours earlier when the clocks changed overnight.
 */
export function previousDigestSlot(slot: DigestSlot, timeZone: string, hour = DIGEST_HOUR): DigestSlot {
  const [year, month, day] = shiftDay(slot.day, -1).split("-").map(Number);
  return { day: shiftDay(slot.day, -1), at: epochFromLocal({ year, month, day, hour, minute: 0, second: 0, millisecond: 0 }, timeZone) };
}

/**
 * The slot the scheduler should queue at `now`: today's once its time has come, else nothing yet.
 * A worker that was down at 08:00 still sends that day's digest when it comes back the same day;
 * a day the worker missed entirely is not sent late (its news would be stale).
 */
export function dueDigestSlot(now: number, timeZone: string, hour = DIGEST_HOUR): DigestSlot | null {
  const today = digestSlotOn(now, timeZone, hour);
  return today.at <= now ? today : null;
}
