import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { meetupRegistrations, meetups } from "../../db/schema";
import { registrationRefusal } from "../domain/meetups";
import type { Segment } from "../domain/segments";
import { ServiceError } from "../domain/service-error";
import { meetupNoticeJob } from "../jobs/job-types.server";
import { findMeetup, firstWaitlisted, registrationOf, type MeetupRegistration } from "../models/meetup.server";
import { sha256 } from "../utils/crypto.server";
import { transaction } from "../utils/db.server";
import { meetupTokens } from "../utils/email-links.server";
import type { CommunityReader } from "../utils/community-access.server";

/*
 * Registering for a user-group event and cancelling. The last seat is taken by a conditional
 * write (`confirmed_count < capacity` in the UPDATE itself) inside an IMMEDIATE transaction, so
 * two registrations on two connections for one seat give one seat and one waitlist place, never
 * two seats. A cancellation hands its seat to the first waitlisted in the same transaction.
 */

export type RegistrationOutcome = { registrationId: number; status: "confirmed" | "waitlisted"; changed: boolean };

function customerOf(reader: CommunityReader): { contactId: number; segment: Segment | null } {
  if (reader.viewer.kind !== "contact") throw new ServiceError(403, "meetupCustomersOnly");
  return { contactId: reader.viewer.contact.id, segment: reader.segment };
}

/** `/community/events/:id`, register: a seat while one is free, else the waitlist. Registering twice changes nothing. */
export function registerForMeetup(reader: CommunityReader, meetupId: number, now = Date.now()): RegistrationOutcome {
  const { contactId, segment } = customerOf(reader);
  return transaction((tx) => registerContact(tx, meetupId, contactId, segment, now));
}

/** `/community/events/:id`, cancel: the seat (or waitlist place) is given up; a freed seat goes to the first waitlisted at once. */
export function cancelMeetupRegistration(reader: CommunityReader, meetupId: number, now = Date.now()): { promotedRegistrationId: number | null } {
  const { contactId } = customerOf(reader);
  return transaction((tx) => cancelContact(tx, meetupId, contactId, now));
}

/** Takes the seat when one is free: one statement, so no other connection's write can slip between the check and the take. */
function takeSeat(tx: Db, meetupId: number): boolean {
  const result = tx.run(sql`UPDATE meetups SET confirmed_count = confirmed_count + 1 WHERE id = ${meetupId} AND confirmed_count < capacity`);
  return result.changes === 1;
}

/**
 * The registration itself, on the caller's connection and inside its (IMMEDIATE) transaction;
 * exported for the test that races two connections.
 */
export function registerContact(tx: Db, meetupId: number, contactId: number, segment: Segment | null, now: number): RegistrationOutcome {
  const meetup = findMeetup(meetupId, tx);
  if (!meetup) throw new ServiceError(404, "meetupNotFound");
  const refusal = registrationRefusal(meetup, segment, now);
  if (refusal === "meetupSegmentNotAllowed") throw new ServiceError(403, refusal);
  if (refusal) throw new ServiceError(409, refusal);

  const existing = registrationOf(meetupId, contactId, tx);
  if (existing && existing.status !== "cancelled") return { registrationId: existing.id, status: existing.status, changed: false };

  const seated = takeSeat(tx, meetupId);
  const status = seated ? "confirmed" : "waitlisted";
  if (!seated) tx.run(sql`UPDATE meetups SET waitlist_count = waitlist_count + 1 WHERE id = ${meetupId}`);
  const fields = {
    status,
    registeredAt: now,
    confirmedAt: seated ? now : null,
    waitlistedAt: seated ? null : now,
    cancelledAt: null,
    noticeSentFor: null,
  } as const;
  let registration: MeetupRegistration;
  if (existing) {
    registration = tx.update(meetupRegistrations).set(fields).where(eq(meetupRegistrations.id, existing.id)).returning().get();
  } else {
    registration = tx
      .insert(meetupRegistrations)
      .values({ meetupId, contactId, ...fields })
      .returning()
      .get();
    const tokens = meetupTokens(registration.id);
    tx.update(meetupRegistrations)
      .set({ calendarTokenHash: sha256(tokens.calendar), surveyTokenHash: sha256(tokens.survey) })
      .where(eq(meetupRegistrations.id, registration.id))
      .run();
  }
  meetupNoticeJob.enqueue(tx, { registrationId: registration.id, notice: status, at: now }, {}, now);
  return { registrationId: registration.id, status, changed: true };
}

/** The cancellation on the caller's connection and transaction: a freed seat is taken by the first waitlisted, whose notice is queued with it. */
export function cancelContact(tx: Db, meetupId: number, contactId: number, now: number): { promotedRegistrationId: number | null } {
  const meetup = findMeetup(meetupId, tx);
  if (!meetup) throw new ServiceError(404, "meetupNotFound");
  const existing = registrationOf(meetupId, contactId, tx);
  if (!existing || existing.status === "cancelled") throw new ServiceError(409, "meetupNotRegistered");
  if (now >= meetup.startsAt) throw new ServiceError(409, "meetupRegistrationClosed");
  tx.update(meetupRegistrations).set({ status: "cancelled", cancelledAt: now }).where(eq(meetupRegistrations.id, existing.id)).run();
  if (existing.status === "waitlisted") {
    tx.run(sql`UPDATE meetups SET waitlist_count = waitlist_count - 1 WHERE id = ${meetupId}`);
    return { promotedRegistrationId: null };
  }
  tx.run(sql`UPDATE meetups SET confirmed_count = confirmed_count - 1 WHERE id = ${meetupId}`);
  const promoted = promoteWaitlisted(tx, meetupId, now);
  return { promotedRegistrationId: promoted[0] ?? null };
}

/**
 * Gives free seats to the waitlist in order (after a cancellation, or when staff raise the
 * capacity), each with its "you have a seat" notice queued in the same transaction. Returns the
 * registrations promoted.
 */
export function promoteWaitlisted(tx: Db, meetupId: number, now: number): number[] {
  const promoted: number[] = [];
  for (;;) {
    const next = firstWaitlisted(meetupId, tx);
    if (!next || !takeSeat(tx, meetupId)) break;
    tx.update(meetupRegistrations)
      .set({ status: "confirmed", confirmedAt: now })
      .where(and(eq(meetupRegistrations.id, next.id), eq(meetupRegistrations.status, "waitlisted")))
      .run();
    tx.update(meetups)
      .set({ waitlistCount: sql`${meetups.waitlistCount} - 1` })
      .where(eq(meetups.id, meetupId))
      .run();
    meetupNoticeJob.enqueue(tx, { registrationId: next.id, notice: "promoted", at: now }, {}, now);
    promoted.push(next.id);
  }
  return promoted;
}
