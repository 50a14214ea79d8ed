import { materialsText, meetupTimeIn, utcToZonedLocal } from "../domain/meetups";
import type { Language } from "../locales";
import { allMeetups, attendanceCountsOf, findMeetup, registrationsOfMeetup } from "../models/meetup.server";
import { teamTimeZone } from "../models/settings.server";

/* What the console's event pages show (`/cs/community/events`, `/cs/community/events/:id`). Times read on the team's clock. */

/** The zones the form offers (the runtime's IANA list) and the team's, preselected for a new event. */
export function timeZoneChoices(): { zones: string[]; defaultZone: string } {
  const zones = Intl.supportedValuesOf("timeZone");
  const team = teamTimeZone();
  return { zones: zones.includes(team) ? zones : [team, ...zones], defaultZone: team };
}

export function consoleMeetupList(language: Language) {
  const zone = teamTimeZone();
  const meetups = allMeetups();
  const attended = attendanceCountsOf(meetups.map((m) => m.id));
  return meetups.map((m) => ({
    id: m.id,
    title: m.title,
    format: m.format,
    when: meetupTimeIn(m.startsAt, m.endsAt, zone, language),
    zone,
    capacity: m.capacity,
    confirmed: m.confirmedCount,
    waitlist: m.waitlistCount,
    attended: attended.get(m.id) ?? 0,
  }));
}

/** One event for its console page: the form's values (wall-clock times in its zone), its registrations in order, the survey's average. */
export function consoleMeetup(id: number, language: Language) {
  const m = findMeetup(id);
  if (!m) return null;
  const zone = teamTimeZone();
  let waitIndex = 0;
  const registrations = registrationsOfMeetup(id).map((r) => ({
    ...r,
    position: r.status === "waitlisted" ? (waitIndex += 1) : null,
  }));
  const answers = registrations.filter((r) => r.satisfaction !== null);
  return {
    meetup: {
      id: m.id,
      title: m.title,
      when: meetupTimeIn(m.startsAt, m.endsAt, zone, language),
      zone,
      capacity: m.capacity,
      confirmed: m.confirmedCount,
      waitlist: m.waitlistCount,
      attended: registrations.filter((r) => r.attendedAt !== null && r.status !== "cancelled").length,
      joinUrl: m.joinUrl,
      past: m.endsAt <= Date.now(),
    },
    editing: {
      id: m.id,
      title: m.title,
      description: m.descriptionSource,
      format: m.format,
      joinUrl: m.joinUrl ?? "",
      venue: m.venue ?? "",
      startsLocal: utcToZonedLocal(m.startsAt, m.timeZone),
      endsLocal: utcToZonedLocal(m.endsAt, m.timeZone),
      deadlineLocal: m.registrationDeadline === null ? "" : utcToZonedLocal(m.registrationDeadline, m.timeZone),
      timeZone: m.timeZone,
      capacity: m.capacity,
      segments: m.segments ?? [],
      materials: materialsText(m.materials),
    },
    registrations,
    survey: answers.length === 0 ? null : { count: answers.length, average: answers.reduce((sum, r) => sum + r.satisfaction!, 0) / answers.length },
  };
}
