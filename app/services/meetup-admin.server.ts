import { parse as parseCsv } from "csv-parse/sync";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, meetupRegistrations, meetups } from "../../db/schema";
import { attendeeEmails, reminderSchedule, type MeetupInput } from "../domain/meetups";
import { ServiceError } from "../domain/service-error";
import { meetupReminderJob } from "../jobs/job-types.server";
import { audit } from "../models/audit.server";
import { ensureContactMember } from "../models/community-member.server";
import { contactsByEmail, findMeetup, findRegistration, registrationOf, type Meetup } from "../models/meetup.server";
import { transaction } from "../utils/db.server";
import { meetupTokens } from "../utils/email-links.server";
import { sha256 } from "../utils/crypto.server";
import { renderMarkdown } from "../utils/markdown.server";
import { recordAdvocacy, removeAdvocacy } from "./advocacy.server";
import { grantBadge } from "./community-badges.server";
import { assertCan, auditActorFields, type StaffActor } from "./actor.server";
import { promoteWaitlisted } from "./meetup-registration.server";

/*
 * Staff's side of user-group events (`/cs/community/events`): create and edit, attendance by
 * hand or from the attendee list, speakers. Community moderators (CSMs and admins) run them.
 */

const PERMISSION = "moderate:community:any" as const;

/** Queues the reminders and the survey still to come; a moved meetup queues new ones (the old ones find they are stale). */
function scheduleReminders(tx: Db, meetup: Pick<Meetup, "id" | "startsAt" | "endsAt">, now: number) {
  for (const { kind, runAt } of reminderSchedule(meetup, now)) meetupReminderJob.enqueue(tx, { meetupId: meetup.id, kind }, { runAt }, now);
}

const snapshot = (m: Meetup) => ({
  title: m.title,
  format: m.format,
  startsAt: m.startsAt,
  endsAt: m.endsAt,
  timeZone: m.timeZone,
  capacity: m.capacity,
  registrationDeadline: m.registrationDeadline,
  segments: m.segments,
  materials: m.materials.length,
});

export function createMeetup(actor: StaffActor, input: MeetupInput, now = Date.now()): Meetup {
  assertCan(actor, PERMISSION);
  const { description, ...fields } = input;
  const descriptionHtml = renderMarkdown(description);
  return transaction((tx) => {
    const created = tx
      .insert(meetups)
      .values({ ...fields, descriptionSource: description, descriptionHtml, createdById: actor.user.id, createdAt: new Date(now), updatedAt: new Date(now) })
      .returning()
      .get();
    scheduleReminders(tx, created, now);
    audit({ ...auditActorFields(actor), action: "meetup.created", entity: "meetup", entityId: created.id, detail: snapshot(created) }, tx);
    return created;
  });
}

/** Edits a meetup; a larger capacity seats the waitlist at once (each promoted member is emailed). */
export function updateMeetup(actor: StaffActor, id: number, input: MeetupInput, now = Date.now()): { meetup: Meetup; promoted: number } {
  assertCan(actor, PERMISSION);
  const { description, ...fields } = input;
  const descriptionHtml = renderMarkdown(description);
  return transaction((tx) => {
    const before = findMeetup(id, tx);
    if (!before) throw new ServiceError(404, "meetupNotFound");
    tx.update(meetups)
      .set({ ...fields, descriptionSource: description, descriptionHtml, updatedAt: new Date(now) })
      .where(eq(meetups.id, id))
      .run();
    const promoted = now < input.startsAt ? promoteWaitlisted(tx, id, now).length : 0;
    const after = findMeetup(id, tx)!;
    if (before.startsAt !== after.startsAt || before.endsAt !== after.endsAt) scheduleReminders(tx, after, now);
    audit(
      {
        ...auditActorFields(actor),
        action: "meetup.updated",
        entity: "meetup",
        entityId: id,
        detail: { before: snapshot(before), after: snapshot(after), promoted },
      },
      tx,
    );
    return { meetup: after, promoted };
  });
}

/** The advocacy timeline's record of a meetup (decision 047): attended, or spoke at it. */
function advocacyOfMeetup(kind: "meetup_attended" | "meetup_spoke", meetupId: number, contactId: number) {
  return { kind, contactId, source: "meetup" as const, sourceId: meetupId };
}

/** Keeps the timeline's record of a meetup in step with the registration: written when true, removed when not. */
function syncAdvocacy(tx: Db, kind: "meetup_attended" | "meetup_spoke", meetupId: number, contactId: number, holds: boolean) {
  const meetup = findMeetup(meetupId, tx);
  if (holds && meetup) recordAdvocacy(tx, { ...advocacyOfMeetup(kind, meetupId, contactId), at: meetup.startsAt, detail: { title: meetup.title } });
  else removeAdvocacy(tx, advocacyOfMeetup(kind, meetupId, contactId));
}

/** Marks one registration present (awarding the attendee badge once, and putting it on the advocacy timeline) or not; the badge stays once earned. */
function setAttended(tx: Db, meetupId: number, registrationId: number, contactId: number, attended: boolean, now: number) {
  tx.update(meetupRegistrations)
    .set({ attendedAt: attended ? now : null })
    .where(eq(meetupRegistrations.id, registrationId))
    .run();
  syncAdvocacy(tx, "meetup_attended", meetupId, contactId, attended);
  if (!attended) return;
  const contact = tx.select({ id: contacts.id, email: contacts.email, name: contacts.name }).from(contacts).where(eq(contacts.id, contactId)).get();
  if (contact) grantBadge(tx, ensureContactMember(tx, contact).id, "event_attendee", now);
}

export type AttendanceChange = "attended" | "absent" | "speaker" | "notSpeaker";

/** Staff's buttons on a registration: present / not present, speaker / not. */
export function markRegistration(actor: StaffActor, meetupId: number, registrationId: number, change: AttendanceChange, now = Date.now()): void {
  assertCan(actor, PERMISSION);
  transaction((tx) => {
    const registration = findRegistration(registrationId, tx);
    if (!registration || registration.meetupId !== meetupId || registration.status === "cancelled") throw new ServiceError(404, "meetupNotRegistered");
    if (change === "attended" || change === "absent") setAttended(tx, meetupId, registration.id, registration.contactId, change === "attended", now);
    else {
      tx.update(meetupRegistrations)
        .set({ speaker: change === "speaker" })
        .where(eq(meetupRegistrations.id, registration.id))
        .run();
      syncAdvocacy(tx, "meetup_spoke", meetupId, registration.contactId, change === "speaker");
    }
    audit(
      {
        ...auditActorFields(actor),
        action: "meetup.attendance_marked",
        entity: "meetup_registration",
        entityId: registration.id,
        detail: { meetupId, change },
      },
      tx,
    );
  });
}

export type AttendanceImport = {
  /** Registrations marked present by this file. */
  marked: number;
  /** Already marked present before. */
  already: number;
  /** Contacts on the list who had not registered (walk-ins): given a registration, marked present. */
  walkIns: string[];
  /** Addresses that are no contact of ours: listed, never invented. */
  unknown: string[];
};

/** Reads an attendee list (a CSV with an email column, or one address a line). */
export function readAttendeeList(text: string): string[] {
  let rows: string[][];
  try {
    rows = parseCsv(text.replace(/^\uFEFF/, ""), { relaxColumnCount: true, skipEmptyLines: true, trim: true }) as string[][];
  } catch {
    throw new ServiceError(400, "meetupAttendanceCsv", {}, "file");
  }
  const emails = attendeeEmails(rows);
  if (emails.length === 0) throw new ServiceError(400, "meetupAttendanceEmpty", {}, "file");
  return emails;
}

/**
 * Marks everyone on the attendee list present. A contact on the list who never registered walked
 * in: they get a (confirmed) registration, marked present. An address that is no contact is
 * listed back, not made into one.
 */
export function importAttendance(actor: StaffActor, meetupId: number, csvText: string, now = Date.now()): AttendanceImport {
  assertCan(actor, PERMISSION);
  const emails = readAttendeeList(csvText);
  return transaction((tx) => {
    const meetup = findMeetup(meetupId, tx);
    if (!meetup) throw new ServiceError(404, "meetupNotFound");
    const known = contactsByEmail(emails, tx);
    const result: AttendanceImport = { marked: 0, already: 0, walkIns: [], unknown: [] };
    for (const email of emails) {
      const contact = known.get(email);
      if (!contact) {
        result.unknown.push(email);
        continue;
      }
      let registration = registrationOf(meetupId, contact.id, tx);
      if (registration?.attendedAt && registration.status !== "cancelled") {
        result.already += 1;
        continue;
      }
      if (!registration || registration.status !== "confirmed") {
        const fields = {
          status: "confirmed" as const,
          registeredAt: registration?.registeredAt ?? now,
          confirmedAt: now,
          cancelledAt: null,
          noticeSentFor: "walk-in",
        };
        if (registration) {
          if (registration.status === "waitlisted") tx.run(sql`UPDATE meetups SET waitlist_count = waitlist_count - 1 WHERE id = ${meetupId}`);
          tx.update(meetupRegistrations).set(fields).where(eq(meetupRegistrations.id, registration.id)).run();
        } else {
          registration = tx
            .insert(meetupRegistrations)
            .values({ meetupId, contactId: contact.id, ...fields })
            .returning()
            .get();
          const tokens = meetupTokens(registration.id);
          tx.update(meetupRegistrations)
            .set({ calendarTokenHash: sha256(tokens.calendar), surveyTokenHash: sha256(tokens.survey) })
            .where(eq(meetupRegistrations.id, registration.id))
            .run();
        }
        tx.run(sql`UPDATE meetups SET confirmed_count = confirmed_count + 1 WHERE id = ${meetupId}`);
        result.walkIns.push(email);
      }
      setAttended(tx, meetupId, registration.id, contact.id, true, now);
      result.marked += 1;
    }
    audit(
      {
        ...auditActorFields(actor),
        action: "meetup.attendance_imported",
        entity: "meetup",
        entityId: meetupId,
        detail: { rows: emails.length, marked: result.marked, already: result.already, walkIns: result.walkIns.length, unknown: result.unknown.length },
      },
      tx,
    );
    return result;
  });
}
