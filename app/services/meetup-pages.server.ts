import { isPast, meetupTimeIn, momentIn, registrationRefusal, type RegistrationRefusal } from "../domain/meetups";
import { ServiceError } from "../domain/service-error";
import type { Language } from "../locales";
import {
  contactLanguage,
  findMeetup,
  pastMeetups,
  registrationOf,
  registrationsOfContact,
  upcomingMeetups,
  waitlistPosition,
  type Meetup,
} from "../models/meetup.server";
import type { CommunityReader } from "../utils/community-access.server";
import { readerTimeZone } from "./meetup-emails.server";

/*
 * What the customer pages of user-group events show (`/community/events`, `/community/events/:id`).
 * A meetup limited to some segments is not listed for a customer outside them, and its page
 * answers 403 with the reason. The join link reaches the page only for a confirmed registration.
 */

/** Whether the reader may see a meetup: staff always; a customer when the meetup is open to their segment. */
export function maySeeMeetup(reader: Pick<CommunityReader, "staff" | "segment">, meetup: Pick<Meetup, "segments">): boolean {
  if (reader.staff || !meetup.segments || meetup.segments.length === 0) return true;
  return reader.segment !== null && meetup.segments.includes(reader.segment);
}

export type MyRegistration = { status: "confirmed" | "waitlisted"; position: number | null; attended: boolean; surveyAnswered: boolean } | null;

function timesFor(meetup: Meetup, language: Language) {
  const zone = readerTimeZone();
  return {
    when: meetupTimeIn(meetup.startsAt, meetup.endsAt, zone, language),
    zone,
    /** The organisers' own clock, when it differs from the reader's. */
    localWhen: meetup.timeZone === zone ? null : meetupTimeIn(meetup.startsAt, meetup.endsAt, meetup.timeZone, language),
    localZone: meetup.timeZone,
  };
}

function summaryOf(meetup: Meetup, language: Language, mine: MyRegistration) {
  return {
    id: meetup.id,
    title: meetup.title,
    format: meetup.format,
    venue: meetup.venue,
    ...timesFor(meetup, language),
    startsAt: meetup.startsAt,
    seatsLeft: Math.max(meetup.capacity - meetup.confirmedCount, 0),
    capacity: meetup.capacity,
    waitlist: meetup.waitlistCount,
    restricted: (meetup.segments?.length ?? 0) > 0,
    materials: meetup.materials,
    mine,
  };
}
export type MeetupSummary = ReturnType<typeof summaryOf>;

function mineOf(
  registration:
    { status: string; attendedAt: number | null; surveyAnsweredAt: number | null; id: number; meetupId: number; waitlistedAt: number | null } | undefined,
): MyRegistration {
  if (!registration || registration.status === "cancelled") return null;
  return {
    status: registration.status as "confirmed" | "waitlisted",
    position: registration.status === "waitlisted" ? waitlistPosition(registration) : null,
    attended: registration.attendedAt !== null,
    surveyAnswered: registration.surveyAnsweredAt !== null,
  };
}

/** `/community/events`: upcoming (soonest first) and past events (newest first, with their materials). */
export function meetupList(reader: CommunityReader, now = Date.now()) {
  const upcoming = upcomingMeetups(now).filter((m) => maySeeMeetup(reader, m));
  const past = pastMeetups(now, 30).filter((m) => maySeeMeetup(reader, m));
  const mine =
    reader.viewer.kind === "contact"
      ? registrationsOfContact(
          reader.viewer.contact.id,
          [...upcoming, ...past].map((m) => m.id),
        )
      : new Map();
  return {
    upcoming: upcoming.map((m) => summaryOf(m, reader.language, mineOf(mine.get(m.id)))),
    past: past.map((m) => summaryOf(m, reader.language, mineOf(mine.get(m.id)))),
  };
}

/** `/community/events/:id`: the event as this reader may see it; a 404 for none, a 403 for a segment it is not open to. */
export function meetupPage(reader: CommunityReader, id: number, now = Date.now()) {
  const meetup = findMeetup(id);
  if (!meetup) throw new ServiceError(404, "meetupNotFound");
  if (!maySeeMeetup(reader, meetup)) throw new ServiceError(403, "meetupSegmentNotAllowed");
  const customer = reader.viewer.kind === "contact";
  const registration = reader.viewer.kind === "contact" ? registrationOf(id, reader.viewer.contact.id) : undefined;
  const mine = mineOf(registration);
  const past = isPast(meetup, now);
  const refusal: RegistrationRefusal | null = customer ? registrationRefusal(meetup, reader.segment, now) : null;
  return {
    ...summaryOf(meetup, reader.language, mine),
    descriptionHtml: meetup.descriptionHtml,
    // Only a confirmed seat sees where to join.
    joinUrl: mine?.status === "confirmed" && meetup.format === "online" ? meetup.joinUrl : null,
    deadline: meetup.registrationDeadline === null ? null : momentIn(meetup.registrationDeadline, readerTimeZone(), reader.language),
    past,
    started: now >= meetup.startsAt,
    customer,
    mayRegister: customer && !mine && refusal === null,
    refusal: customer && !mine ? refusal : null,
    mayCancel: mine !== null && now < meetup.startsAt,
    surveyOpen: past && mine?.status === "confirmed",
    full: meetup.confirmedCount >= meetup.capacity,
  };
}
export type MeetupPage = ReturnType<typeof meetupPage>;

/** The meetup behind a page or a file, for the routes' checks (null: none). */
export function findMeetupForPage(id: number): Meetup | undefined {
  return findMeetup(id);
}

/** The language a contact's pages and emails are in. */
export function contactLocale(contactId: number): "en" | "ja" | undefined {
  return contactLanguage(contactId);
}
