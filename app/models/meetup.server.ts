import { and, asc, desc, eq, gt, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, contacts, meetupRegistrations, meetups } from "../../db/schema";
import { db } from "../utils/db.server";

/* Small named queries over the user-group events (meetups) and their registrations. */

export type Meetup = typeof meetups.$inferSelect;
export type MeetupRegistration = typeof meetupRegistrations.$inferSelect;

export function findMeetup(id: number, conn: Db = db): Meetup | undefined {
  return conn.select().from(meetups).where(eq(meetups.id, id)).get();
}

/** Meetups still to end, soonest first. */
export function upcomingMeetups(now: number, limit = 50, conn: Db = db): Meetup[] {
  return conn.select().from(meetups).where(gt(meetups.endsAt, now)).orderBy(asc(meetups.startsAt)).limit(limit).all();
}

/** Meetups that have ended, newest first. */
export function pastMeetups(now: number, limit = 50, conn: Db = db): Meetup[] {
  return conn.select().from(meetups).where(lte(meetups.endsAt, now)).orderBy(desc(meetups.startsAt)).limit(limit).all();
}

/** Every meetup for the console, newest start first. */
export function allMeetups(limit = 200, conn: Db = db): Meetup[] {
  return conn.select().from(meetups).orderBy(desc(meetups.startsAt)).limit(limit).all();
}

export function registrationOf(meetupId: number, contactId: number, conn: Db = db): MeetupRegistration | undefined {
  return conn
    .select()
    .from(meetupRegistrations)
    .where(and(eq(meetupRegistrations.meetupId, meetupId), eq(meetupRegistrations.contactId, contactId)))
    .get();
}

export function findRegistration(id: number, conn: Db = db): MeetupRegistration | undefined {
  return conn.select().from(meetupRegistrations).where(eq(meetupRegistrations.id, id)).get();
}

/** The registrations of a contact on some meetups (a list page: one query). */
export function registrationsOfContact(contactId: number, meetupIds: readonly number[], conn: Db = db): Map<number, MeetupRegistration> {
  if (meetupIds.length === 0) return new Map();
  const rows = conn
    .select()
    .from(meetupRegistrations)
    .where(and(eq(meetupRegistrations.contactId, contactId), inArray(meetupRegistrations.meetupId, [...meetupIds])))
    .all();
  return new Map(rows.map((row) => [row.meetupId, row]));
}

/** The first in the waitlist (longest waiting, then lowest id). */
export function firstWaitlisted(meetupId: number, conn: Db = db): MeetupRegistration | undefined {
  return conn
    .select()
    .from(meetupRegistrations)
    .where(and(eq(meetupRegistrations.meetupId, meetupId), eq(meetupRegistrations.status, "waitlisted")))
    .orderBy(asc(meetupRegistrations.waitlistedAt), asc(meetupRegistrations.id))
    .limit(1)
    .get();
}

/** A waitlisted registration's place in line (1 = next). */
export function waitlistPosition(registration: Pick<MeetupRegistration, "id" | "meetupId" | "waitlistedAt">, conn: Db = db): number {
  const row = conn.get<{ n: number }>(sql`
    SELECT count(*) AS n FROM meetup_registrations
    WHERE meetup_id = ${registration.meetupId} AND status = 'waitlisted'
      AND (waitlisted_at < ${registration.waitlistedAt ?? 0} OR (waitlisted_at = ${registration.waitlistedAt ?? 0} AND id <= ${registration.id}))`);
  return row.n;
}

export type RegistrationRow = {
  id: number;
  contactId: number;
  name: string | null;
  email: string;
  locale: "en" | "ja";
  accountId: number;
  accountName: string;
  status: MeetupRegistration["status"];
  registeredAt: number;
  waitlistedAt: number | null;
  attendedAt: number | null;
  speaker: boolean;
  satisfaction: number | null;
  surveyComment: string | null;
};

/** A meetup's registrations with who they are, for the console (seats, then the waitlist in order, then cancelled). */
export function registrationsOfMeetup(meetupId: number, conn: Db = db): RegistrationRow[] {
  return conn
    .select({
      id: meetupRegistrations.id,
      contactId: meetupRegistrations.contactId,
      name: contacts.name,
      email: contacts.email,
      locale: contacts.locale,
      accountId: accounts.id,
      accountName: accounts.name,
      status: meetupRegistrations.status,
      registeredAt: meetupRegistrations.registeredAt,
      waitlistedAt: meetupRegistrations.waitlistedAt,
      attendedAt: meetupRegistrations.attendedAt,
      speaker: meetupRegistrations.speaker,
      satisfaction: meetupRegistrations.satisfaction,
      surveyComment: meetupRegistrations.surveyComment,
    })
    .from(meetupRegistrations)
    .innerJoin(contacts, eq(contacts.id, meetupRegistrations.contactId))
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(eq(meetupRegistrations.meetupId, meetupId))
    .orderBy(
      sql`CASE ${meetupRegistrations.status} WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END`,
      asc(sql`coalesce(${meetupRegistrations.waitlistedAt}, ${meetupRegistrations.registeredAt})`),
      asc(meetupRegistrations.id),
    )
    .all();
}

/** Confirmed registrations a reminder has not reached yet, with the recipient's address and language. */
export function confirmedRecipients(meetupId: number, conn: Db = db) {
  return conn
    .select({
      id: meetupRegistrations.id,
      contactId: contacts.id,
      email: contacts.email,
      name: contacts.name,
      locale: contacts.locale,
      unsubscribedAt: contacts.unsubscribedAt,
      dayReminderSentAt: meetupRegistrations.dayReminderSentAt,
      hourReminderSentAt: meetupRegistrations.hourReminderSentAt,
      surveySentAt: meetupRegistrations.surveySentAt,
    })
    .from(meetupRegistrations)
    .innerJoin(contacts, eq(contacts.id, meetupRegistrations.contactId))
    .where(and(eq(meetupRegistrations.meetupId, meetupId), eq(meetupRegistrations.status, "confirmed")))
    .orderBy(asc(meetupRegistrations.id))
    .all();
}

export function registrationByCalendarHash(hash: string, conn: Db = db): MeetupRegistration | undefined {
  return conn.select().from(meetupRegistrations).where(eq(meetupRegistrations.calendarTokenHash, hash)).get();
}

export function registrationBySurveyHash(hash: string, conn: Db = db): MeetupRegistration | undefined {
  return conn.select().from(meetupRegistrations).where(eq(meetupRegistrations.surveyTokenHash, hash)).get();
}

export type AttendedMeetupRow = {
  meetupId: number;
  title: string;
  startsAt: number;
  contactId: number;
  contactName: string | null;
  email: string;
  speaker: boolean;
};

/** The meetups an account's people attended (or spoke at), newest first: the account 360's events card. */
export function attendedByAccount(accountId: number, limit = 20, conn: Db = db): AttendedMeetupRow[] {
  return conn
    .select({
      meetupId: meetups.id,
      title: meetups.title,
      startsAt: meetups.startsAt,
      contactId: contacts.id,
      contactName: contacts.name,
      email: contacts.email,
      speaker: meetupRegistrations.speaker,
    })
    .from(contacts)
    .innerJoin(meetupRegistrations, and(eq(meetupRegistrations.contactId, contacts.id), isNotNull(meetupRegistrations.attendedAt)))
    .innerJoin(meetups, eq(meetups.id, meetupRegistrations.meetupId))
    .where(eq(contacts.accountId, accountId))
    .orderBy(desc(meetups.startsAt))
    .limit(limit)
    .all();
}

/** How many attendances (and talks) an account's people have, and the latest one: its participation totals. */
export function attendanceTotalsOf(accountId: number, conn: Db = db): { attended: number; spoke: number; people: number; lastAttendedAt: number | null } {
  return conn.get(sql`
    SELECT count(*) AS attended, coalesce(sum(r.speaker), 0) AS spoke, count(DISTINCT r.contact_id) AS people, max(m.starts_at) AS lastAttendedAt
    FROM contacts c JOIN meetup_registrations r ON r.contact_id = c.id AND r.attended_at IS NOT NULL JOIN meetups m ON m.id = r.meetup_id
    WHERE c.account_id = ${accountId}`);
}

/** The contacts with these addresses (lower-cased), by address. */
export function contactsByEmail(emails: readonly string[], conn: Db = db): Map<string, { id: number; email: string; name: string | null }> {
  const out = new Map<string, { id: number; email: string; name: string | null }>();
  for (let i = 0; i < emails.length; i += 500) {
    const chunk = emails.slice(i, i + 500);
    for (const row of conn.select({ id: contacts.id, email: contacts.email, name: contacts.name }).from(contacts).where(inArray(contacts.email, chunk)).all()) {
      out.set(row.email, row);
    }
  }
  return out;
}

export function contactLanguage(contactId: number, conn: Db = db): "en" | "ja" | undefined {
  return conn.select({ locale: contacts.locale }).from(contacts).where(eq(contacts.id, contactId)).get()?.locale;
}

/** Attendances per meetup (a console list: one query). */
export function attendanceCountsOf(meetupIds: readonly number[], conn: Db = db): Map<number, number> {
  if (meetupIds.length === 0) return new Map();
  const rows = conn
    .select({ meetupId: meetupRegistrations.meetupId, n: sql<number>`count(*)` })
    .from(meetupRegistrations)
    .where(and(inArray(meetupRegistrations.meetupId, [...meetupIds]), isNotNull(meetupRegistrations.attendedAt)))
    .groupBy(meetupRegistrations.meetupId)
    .all();
  return new Map(rows.map((row) => [row.meetupId, row.n]));
}
