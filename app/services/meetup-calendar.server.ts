import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { registrationByCalendarHash, registrationOf, findMeetup, type Meetup, type MeetupRegistration } from "../models/meetup.server";
import { sha256 } from "../utils/crypto.server";
import { env } from "../utils/env.server";
import { meetupUrl } from "./meetup-emails.server";
import type { CommunityReader } from "../utils/community-access.server";

/*
 * A meetup as an iCalendar file (RFC 5545), built with ical-generator. Emails link to it (batch
 * sending carries no attachments) by a token of its own; a signed-in member gets theirs from the
 * event page. The join link goes in only for a confirmed registration.
 */

export type CalendarFile = { filename: string; body: string };

export function meetupCalendar(meetup: Meetup, registration: Pick<MeetupRegistration, "status"> | null): CalendarFile {
  const confirmed = registration?.status === "confirmed";
  const join = confirmed && meetup.format === "online" ? meetup.joinUrl : null;
  const host = new URL(env().APP_URL).hostname;
  const calendar = ical({ name: meetup.title, method: ICalCalendarMethod.PUBLISH, prodId: { company: "Kizuna", product: "events", language: "EN" } });
  calendar.createEvent({
    id: `meetup-${meetup.id}@${host}`,
    start: new Date(meetup.startsAt),
    end: new Date(meetup.endsAt),
    // UTC times (…Z): every calendar shows them on its own clock, and no VTIMEZONE block is needed.
    summary: meetup.title,
    description: [meetupUrl(meetup.id), join ? `\n${join}` : ""].join(""),
    location: meetup.format === "venue" ? meetup.venue : join,
    url: meetupUrl(meetup.id),
    status: registration?.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    stamp: new Date(meetup.updatedAt),
  });
  return { filename: `event-${meetup.id}.ics`, body: calendar.toString() };
}

/** The calendar file an email's link names (its token's hash finds the registration); null for a token that names none. */
export function calendarByToken(token: string): CalendarFile | null {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const registration = registrationByCalendarHash(sha256(token));
  const meetup = registration ? findMeetup(registration.meetupId) : undefined;
  return registration && meetup ? meetupCalendar(meetup, registration) : null;
}

/** A signed-in member's calendar file for a meetup (with the join link once their seat is confirmed). */
export function calendarForReader(reader: CommunityReader, meetupId: number): CalendarFile | null {
  const meetup = findMeetup(meetupId);
  if (!meetup) return null;
  const registration = reader.viewer.kind === "contact" ? (registrationOf(meetupId, reader.viewer.contact.id) ?? null) : null;
  return meetupCalendar(meetup, registration);
}
