import { eq } from "drizzle-orm";
import { meetupRegistrations } from "../../db/schema";
import { isPast } from "../domain/meetups";
import { ServiceError } from "../domain/service-error";
import { findMeetup, registrationBySurveyHash, registrationOf, type Meetup, type MeetupRegistration } from "../models/meetup.server";
import { sha256 } from "../utils/crypto.server";
import { transaction } from "../utils/db.server";
import type { CommunityReader } from "../utils/community-access.server";

/*
 * The post-event survey: satisfaction 1–5 and a comment, answered from the email's link (a
 * single-purpose token, found by its hash) or from the signed-in member's event page. Reading
 * the page changes nothing; answering again replaces the answer.
 */

export type SurveyAnswer = { satisfaction: number; comment: string | null };
export type SurveyTarget = { meetup: Meetup; registration: MeetupRegistration };

function checkOpen(target: SurveyTarget | null, now: number): SurveyTarget {
  if (!target) throw new ServiceError(404, "meetupNotFound");
  if (target.registration.status !== "confirmed") throw new ServiceError(403, "meetupSurveyNotAttendee");
  if (!isPast(target.meetup, now)) throw new ServiceError(409, "meetupSurveyNotOpen");
  return target;
}

/** The survey an email's link names, or null for a token that names none. */
export function surveyByToken(token: string): SurveyTarget | null {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const registration = registrationBySurveyHash(sha256(token));
  const meetup = registration ? findMeetup(registration.meetupId) : undefined;
  return registration && meetup ? { meetup, registration } : null;
}

function record(registrationId: number, answer: SurveyAnswer, now: number) {
  transaction((tx) =>
    tx
      .update(meetupRegistrations)
      .set({ satisfaction: answer.satisfaction, surveyComment: answer.comment, surveyAnsweredAt: now })
      .where(eq(meetupRegistrations.id, registrationId))
      .run(),
  );
}

export function answerSurveyByToken(token: string, answer: SurveyAnswer, now = Date.now()): SurveyTarget {
  const target = checkOpen(surveyByToken(token), now);
  record(target.registration.id, answer, now);
  return target;
}

export function answerSurveyAsReader(reader: CommunityReader, meetupId: number, answer: SurveyAnswer, now = Date.now()): SurveyTarget {
  if (reader.viewer.kind !== "contact") throw new ServiceError(403, "meetupCustomersOnly");
  const meetup = findMeetup(meetupId);
  const registration = meetup ? registrationOf(meetupId, reader.viewer.contact.id) : undefined;
  if (meetup && !registration) throw new ServiceError(403, "meetupSurveyNotAttendee");
  const target = checkOpen(meetup && registration ? { meetup, registration } : null, now);
  record(target.registration.id, answer, now);
  return target;
}
