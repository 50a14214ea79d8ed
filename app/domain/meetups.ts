import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { fieldMessage } from "./field-message";
import { hasControlCharacters } from "./header-text";
import type { Segment } from "./segments";

/*
 * User-group events (ユーザー会): in code and data *meetups*, so they are never mistaken for the
 * product's usage events; people read "events" / 「イベント」. This file is the pure part: the
 * console's form, when a seat is free, who a cancellation promotes, when reminders go, and how a
 * meetup's time reads in someone's zone.
 */

export const MEETUP_TITLE_MAX = 120;
export const MEETUP_DESCRIPTION_MAX = 20_000;
export const MEETUP_VENUE_MAX = 300;
export const MEETUP_CAPACITY_MAX = 100_000;
export const MEETUP_MATERIALS_MAX = 20;
export const MEETUP_COMMENT_MAX = 2_000;
export const MEETUP_SEGMENTS = ["high", "low", "tech"] as const satisfies readonly Segment[];
export const MEETUP_FORMAT_VALUES = ["online", "venue"] as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** What the emails after a registration are about. */
export const MEETUP_REMINDERS = ["day", "hour", "survey"] as const;
export type MeetupReminder = (typeof MEETUP_REMINDERS)[number];

/** When each reminder is due: a day and an hour before the start, the survey an hour after the end. */
export function reminderTimes(meetup: { startsAt: number; endsAt: number }): Record<MeetupReminder, number> {
  return { day: meetup.startsAt - DAY_MS, hour: meetup.startsAt - HOUR_MS, survey: meetup.endsAt + HOUR_MS };
}

/**
 * The reminders still to come at `now`, in time order. One whose moment has passed is not sent
 * late: someone who registers two hours before the start gets the hour reminder, not the day one.
 */
export function reminderSchedule(meetup: { startsAt: number; endsAt: number }, now: number): { kind: MeetupReminder; runAt: number }[] {
  const times = reminderTimes(meetup);
  return MEETUP_REMINDERS.map((kind) => ({ kind, runAt: times[kind] }))
    .filter((entry) => entry.runAt > now)
    .sort((a, b) => a.runAt - b.runAt);
}

/** Whether a reminder job still belongs to the meetup: a meetup moved since it was queued has newer jobs. */
export function reminderStillDue(meetup: { startsAt: number; endsAt: number }, kind: MeetupReminder, runAt: number): boolean {
  return reminderTimes(meetup)[kind] === runAt;
}

export type RegistrationRefusal = "meetupRegistrationClosed" | "meetupSegmentNotAllowed";

/** Why a customer of `segment` cannot register at `now`, or null when they can. */
export function registrationRefusal(
  meetup: { startsAt: number; registrationDeadline: number | null; segments: readonly string[] | null },
  segment: Segment | null,
  now: number,
): RegistrationRefusal | null {
  if (meetup.segments && meetup.segments.length > 0 && (segment === null || !meetup.segments.includes(segment))) return "meetupSegmentNotAllowed";
  if (now >= (meetup.registrationDeadline ?? meetup.startsAt)) return "meetupRegistrationClosed";
  return null;
}

/** A new registration's place: a seat while one is free, else the end of the waitlist. */
export function placeFor(meetup: { capacity: number; confirmedCount: number }): "confirmed" | "waitlisted" {
  return meetup.confirmedCount < meetup.capacity ? "confirmed" : "waitlisted";
}

/** Who a freed seat goes to: the longest-waiting registration (then the lowest id), or null. */
export function nextToPromote<T extends { id: number; status: string; waitlistedAt: number | null }>(registrations: readonly T[]): T | null {
  let best: T | null = null;
  for (const r of registrations) {
    if (r.status !== "waitlisted") continue;
    if (!best || (r.waitlistedAt ?? 0) < (best.waitlistedAt ?? 0) || ((r.waitlistedAt ?? 0) === (best.waitlistedAt ?? 0) && r.id < best.id)) best = r;
  }
  return best;
}

/** Whether a meetup is over at `now` (past events list their materials; the survey opens). */
export const isPast = (meetup: { endsAt: number }, now: number) => meetup.endsAt <= now;

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * A wall-clock time in a zone (`2026-12-19T19:00` from a datetime-local input) as UTC ms; null
 * when it is not a real time. A time skipped by a clock change resolves as the zone library does.
 */
export function zonedLocalToUtc(local: string, zone: string): number | null {
  const match = LOCAL_TIME.exec(local);
  if (!match || !isTimeZone(zone)) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const date = new TZDate(year, month - 1, day, hour, minute, zone);
  if (date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.getTime();
}

/** UTC ms as the wall-clock time of a zone, for a datetime-local input (`2026-12-19T19:00`). */
export function utcToZonedLocal(epoch: number, zone: string): string {
  const d = new TZDate(epoch, zone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A meetup's time as someone in `zone` reads it, in their language: the day and the start–end
 * times (`Sat, 19 Dec 2026, 19:00 – 21:00`, 「2026年12月19日(土) 19:00～21:00」). The page says
 * beside it which zone this is and why (the reader's own, or the team's).
 */
export function meetupTimeIn(startsAt: number, endsAt: number, zone: string, language: "en" | "ja"): string {
  const startDay = dayIn(startsAt, zone, language);
  const endDay = dayIn(endsAt, zone, language);
  const dash = language === "ja" ? "～" : " – ";
  if (startDay === endDay) return `${startDay} ${clockIn(startsAt, zone)}${dash}${clockIn(endsAt, zone)}`;
  return `${startDay} ${clockIn(startsAt, zone)}${dash}${endDay} ${clockIn(endsAt, zone)}`;
}

/** The day in a zone: `Sat, 19 Dec 2026`, 「2026年12月19日(土)」. */
function dayIn(epoch: number, zone: string, language: "en" | "ja"): string {
  return new Intl.DateTimeFormat(language === "ja" ? "ja-JP" : "en-GB", {
    timeZone: zone,
    year: "numeric",
    month: language === "ja" ? "long" : "short",
    day: "numeric",
    weekday: "short",
  }).format(new Date(epoch));
}

/** The time of day in a zone, 24-hour (`19:00`) in both languages. */
function clockIn(epoch: number, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(epoch));
}

/** One time (a deadline) in a zone and language, as `meetupTimeIn` writes its start. */
export function momentIn(epoch: number, zone: string, language: "en" | "ja"): string {
  return `${dayIn(epoch, zone, language)} ${clockIn(epoch, zone)}`;
}

export type MeetupMaterialInput = { title: string; url: string };

const HTTPS_URL = /^https:\/\/[^\s<>"]+$/i;

/** The materials box: one a line, a title then its https:// address (`Slides https://…`); an address alone is its own title. */
export function parseMaterials(text: string): MeetupMaterialInput[] | null {
  const out: MeetupMaterialInput[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.search(/https:\/\//i);
    if (at === -1) return null;
    const url = line.slice(at).trim();
    const title =
      line
        .slice(0, at)
        .trim()
        .replace(/[|:–-]\s*$/, "")
        .trim() || url;
    if (!HTTPS_URL.test(url) || url.length > 2000 || title.length > 200 || hasControlCharacters(title)) return null;
    out.push({ title, url });
  }
  return out.length > MEETUP_MATERIALS_MAX ? null : out;
}

export const materialsText = (materials: readonly MeetupMaterialInput[]) =>
  materials.map((m) => (m.title === m.url ? m.url : `${m.title} ${m.url}`)).join("\n");

const text = (max: number, code: "meetupTitle" | "meetupVenue") =>
  z
    .string(fieldMessage(code, { max }))
    .trim()
    .min(1, fieldMessage(code, { max }))
    .max(max, fieldMessage(code, { max }))
    .refine((value) => !hasControlCharacters(value), fieldMessage("communityTextControl"));

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || null);

/** The console's event form (create and edit): wall-clock times in the chosen zone, checked together below. */
export const MeetupForm = z
  .object({
    intent: z.enum(["create", "update"]),
    id: z.coerce.number().int().positive().optional(),
    title: text(MEETUP_TITLE_MAX, "meetupTitle"),
    description: z
      .string()
      .max(MEETUP_DESCRIPTION_MAX, fieldMessage("meetupDescription", { max: MEETUP_DESCRIPTION_MAX }))
      .optional()
      .transform((value) => value?.trim() ?? ""),
    format: z.enum(MEETUP_FORMAT_VALUES, fieldMessage("meetupFormat")),
    joinUrl: optionalText,
    venue: optionalText,
    startsLocal: z.string(fieldMessage("meetupLocalTime")).regex(LOCAL_TIME, fieldMessage("meetupLocalTime")),
    endsLocal: z.string(fieldMessage("meetupLocalTime")).regex(LOCAL_TIME, fieldMessage("meetupLocalTime")),
    deadlineLocal: z
      .string()
      .regex(LOCAL_TIME, fieldMessage("meetupLocalTime"))
      .optional()
      .transform((value) => value || null),
    timeZone: z.string(fieldMessage("meetupTimeZone")).refine(isTimeZone, fieldMessage("meetupTimeZone")),
    capacity: z
      .number(fieldMessage("meetupCapacity", { max: MEETUP_CAPACITY_MAX }))
      .int(fieldMessage("meetupCapacity", { max: MEETUP_CAPACITY_MAX }))
      .min(1, fieldMessage("meetupCapacity", { max: MEETUP_CAPACITY_MAX }))
      .max(MEETUP_CAPACITY_MAX, fieldMessage("meetupCapacity", { max: MEETUP_CAPACITY_MAX })),
    segments: z
      .array(z.enum(MEETUP_SEGMENTS, fieldMessage("meetupSegment")))
      .max(MEETUP_SEGMENTS.length)
      .optional()
      .transform((value) => (value && value.length > 0 ? [...new Set(value)] : null)),
    materials: z.string().optional(),
  })
  .transform((form, ctx) => {
    const issue = (path: string, message: string) => {
      ctx.addIssue({ code: "custom", path: [path], message });
      return z.NEVER;
    };
    if (form.format === "online" && (!form.joinUrl || !HTTPS_URL.test(form.joinUrl) || form.joinUrl.length > 2000))
      return issue("joinUrl", fieldMessage("meetupJoinUrl"));
    if (form.format === "venue" && (!form.venue || form.venue.length > MEETUP_VENUE_MAX || hasControlCharacters(form.venue))) {
      return issue("venue", fieldMessage("meetupVenue", { max: MEETUP_VENUE_MAX }));
    }
    const startsAt = zonedLocalToUtc(form.startsLocal, form.timeZone);
    if (startsAt === null) return issue("startsLocal", fieldMessage("meetupLocalTime"));
    const endsAt = zonedLocalToUtc(form.endsLocal, form.timeZone);
    if (endsAt === null) return issue("endsLocal", fieldMessage("meetupLocalTime"));
    if (endsAt <= startsAt) return issue("endsLocal", fieldMessage("meetupEndsBeforeStart"));
    const registrationDeadline = form.deadlineLocal ? zonedLocalToUtc(form.deadlineLocal, form.timeZone) : null;
    if (form.deadlineLocal && registrationDeadline === null) return issue("deadlineLocal", fieldMessage("meetupLocalTime"));
    if (registrationDeadline !== null && registrationDeadline > startsAt) return issue("deadlineLocal", fieldMessage("meetupDeadlineAfterStart"));
    const materials = parseMaterials(form.materials ?? "");
    if (materials === null) return issue("materials", fieldMessage("meetupMaterials", { max: MEETUP_MATERIALS_MAX }));
    return {
      intent: form.intent,
      id: form.id,
      input: {
        title: form.title,
        description: form.description,
        format: form.format,
        joinUrl: form.format === "online" ? form.joinUrl : null,
        venue: form.format === "venue" ? form.venue : null,
        startsAt,
        endsAt,
        timeZone: form.timeZone,
        registrationDeadline,
        capacity: form.capacity,
        segments: form.segments,
        materials,
      },
    };
  });

export type MeetupInput = Extract<z.output<typeof MeetupForm>, { input: unknown }>["input"];

/** A member's register / cancel buttons (plain forms). */
export const RegistrationForm = z.object({ intent: z.enum(["register", "cancel"]) });

/** The post-event survey (from the email's link or the member's own page). */
export const SurveyForm = z.object({
  satisfaction: z.coerce
    .number(fieldMessage("meetupSatisfaction"))
    .int(fieldMessage("meetupSatisfaction"))
    .min(1, fieldMessage("meetupSatisfaction"))
    .max(5, fieldMessage("meetupSatisfaction")),
  comment: z
    .string()
    .max(MEETUP_COMMENT_MAX, fieldMessage("meetupDescription", { max: MEETUP_COMMENT_MAX }))
    .optional()
    .transform((value) => value?.trim() || null),
});

/** Staff's buttons on a registration row. */
export const AttendanceForm = z.object({
  intent: z.enum(["attended", "absent", "speaker", "notSpeaker"]),
  registrationId: z.coerce.number().int().positive(),
});

/**
 * The addresses in an attendee list: a CSV with an `email` column (any case, any position), or
 * one address a line. Lower-cased, trimmed, each once, in the file's order.
 */
export function attendeeEmails(rows: readonly (readonly string[])[]): string[] {
  if (rows.length === 0) return [];
  const header = rows[0].map((cell) => cell.trim().toLowerCase());
  const column = header.findIndex((cell) => cell === "email" || cell === "e-mail" || cell === "メールアドレス");
  const body = column === -1 ? rows : rows.slice(1);
  const at = column === -1 ? 0 : column;
  const seen = new Set<string>();
  for (const row of body) {
    const value = (row[at] ?? "").trim().toLowerCase();
    if (value) seen.add(value);
  }
  return [...seen];
}
