import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, meetupRegistrations } from "../../db/schema";
import type { MeetupEmailKind, MeetupEmailProps } from "../../emails/meetup";
import { LINK_SLOTS } from "../domain/email-links";
import { meetupTimeIn, reminderStillDue, type MeetupReminder } from "../domain/meetups";
import type { MeetupNoticePayload } from "../jobs/job-types.server";
import { LANGUAGES, type Language } from "../locales";
import { confirmedRecipients, findMeetup, findRegistration, waitlistPosition, type Meetup } from "../models/meetup.server";
import { teamTimeZone } from "../models/settings.server";
import { db, transaction } from "../utils/db.server";
import { enqueueEmail, renderEmail, saveBodyTemplate } from "../utils/email.server";
import { sha256 } from "../utils/crypto.server";
import { meetupTokens } from "../utils/email-links.server";
import { env } from "../utils/env.server";
import { fixedT } from "../utils/i18n.server";

/*
 * A meetup's emails. A registration's notice (confirmed, waitlisted, promoted) is queued as a job
 * in the transaction that changed the registration, and the job renders it (React Email renders
 * asynchronously; a registration's transaction is synchronous) and writes the outbox row in its own
 * transaction, marking the registration so a re-run sends nothing twice. Reminders and the survey
 * go to every confirmed registration: rendered once per language and stored once
 * (docs/decisions/040-a-wave-body-stored-once.md), each email holding only its greeting.
 * Links with a token (the calendar file, the survey) are slots the worker fills when it sends.
 */

/** A recipient's greeting goes here in a reminder wave's shared body. */
export const MEETUP_GREETING = "KZMEETUPGREETING";

export const meetupUrl = (id: number) => `${env().APP_URL}/community/events/${id}`;
const calendarUrl = () => `${env().APP_URL}/community/event-calendar/${LINK_SLOTS.meetupCalendar}`;
const surveyUrl = () => `${env().APP_URL}/community/event-survey/${LINK_SLOTS.meetupSurvey}`;

/**
 * The zone a customer reads times in: Kizuna keeps no time zone per contact, so the team's (the
 * pages and emails say which zone it is).
 */
export function readerTimeZone(): string {
  return teamTimeZone();
}

function emailProps(meetup: Meetup, kind: MeetupEmailKind, language: Language, greeting: string, position: number | null): MeetupEmailProps {
  const zone = readerTimeZone();
  return {
    kind,
    greeting,
    title: meetup.title,
    when: meetupTimeIn(meetup.startsAt, meetup.endsAt, zone, language),
    zone,
    venue: meetup.format === "venue" ? meetup.venue : null,
    // The join link only to a confirmed seat: a waitlisted registration's email never holds it.
    joinUrl: kind === "waitlisted" || meetup.format !== "online" ? null : meetup.joinUrl,
    eventUrl: meetupUrl(meetup.id),
    calendarUrl: calendarUrl(),
    surveyUrl: surveyUrl(),
    position,
  };
}

async function greetingFor(language: Language, name: string | null): Promise<string> {
  const t = await fixedT(language, "email");
  const trimmed = name?.trim();
  return trimmed ? t("meetup.greeting", { name: trimmed }) : t("meetup.greetingNoName");
}

/** The hashes of a registration's link tokens, for one written before they were kept (imported or seeded rows). */
function keepTokenHashes(tx: Db, registrationId: number) {
  const tokens = meetupTokens(registrationId);
  tx.update(meetupRegistrations)
    .set({ calendarTokenHash: sha256(tokens.calendar), surveyTokenHash: sha256(tokens.survey) })
    .where(and(eq(meetupRegistrations.id, registrationId), isNull(meetupRegistrations.calendarTokenHash)))
    .run();
}

export type NoticeOutcome = "sent" | "stale" | "already";

/** The job: one registration's notice, if the registration is still in the state it announces. */
export async function sendRegistrationNotice(payload: MeetupNoticePayload, now = Date.now()): Promise<NoticeOutcome> {
  const registration = findRegistration(payload.registrationId);
  const meetup = registration ? findMeetup(registration.meetupId) : undefined;
  if (!registration || !meetup) return "stale";
  const stillSo =
    payload.notice === "waitlisted"
      ? registration.status === "waitlisted" && registration.waitlistedAt === payload.at
      : registration.status === "confirmed" && registration.confirmedAt === payload.at;
  if (!stillSo) return "stale";
  const key = `${payload.notice}:${payload.at}`;
  if (registration.noticeSentFor === key) return "already";
  const contact = db.select().from(contacts).where(eq(contacts.id, registration.contactId)).get();
  if (!contact) return "stale";
  const language = contact.locale;
  const position = payload.notice === "waitlisted" ? waitlistPosition(registration) : null;
  const rendered = await renderEmail("meetup", emailProps(meetup, payload.notice, language, await greetingFor(language, contact.name), position), language);
  return transaction((tx) => {
    const current = tx
      .select({ noticeSentFor: meetupRegistrations.noticeSentFor })
      .from(meetupRegistrations)
      .where(eq(meetupRegistrations.id, registration.id))
      .get();
    if (current?.noticeSentFor === key) return "already";
    enqueueEmail(
      tx,
      {
        template: "meetup",
        to: contact.email,
        locale: language,
        contactId: contact.id,
        ...rendered,
        tags: [{ name: "kind", value: `meetup_${payload.notice}` }],
        links: { kind: "meetup", registrationId: registration.id },
      },
      now,
    );
    tx.update(meetupRegistrations).set({ noticeSentFor: key }).where(eq(meetupRegistrations.id, registration.id)).run();
    keepTokenHashes(tx, registration.id);
    return "sent";
  });
}

const SENT_COLUMN = { day: "dayReminderSentAt", hour: "hourReminderSentAt", survey: "surveySentAt" } as const satisfies Record<MeetupReminder, string>;
const CHUNK = 200;

/**
 * The job: a reminder (a day or an hour before) or the survey, to every confirmed registration
 * not yet reached. A job queued for a time the meetup has since moved from sends nothing (the
 * edit queued new ones). Each chunk is one transaction with its emails and its marks.
 */
export async function sendMeetupReminders(meetupId: number, kind: MeetupReminder, runAt: number, now = Date.now()): Promise<number> {
  const meetup = findMeetup(meetupId);
  if (!meetup || !reminderStillDue(meetup, kind, runAt)) return 0;
  const column = SENT_COLUMN[kind];
  const recipients = confirmedRecipients(meetupId).filter((r) => r[column] === null);
  if (recipients.length === 0) return 0;
  const templates = new Map<Language, { templateId: number; subject: string }>();
  for (const language of LANGUAGES) {
    if (!recipients.some((r) => r.locale === language)) continue;
    const rendered = await renderEmail("meetup", emailProps(meetup, kind, language, MEETUP_GREETING, null), language);
    if (!rendered.html.includes(MEETUP_GREETING)) throw new Error("The meetup email lost its greeting slot while rendering.");
    templates.set(language, { templateId: transaction((tx) => saveBodyTemplate(tx, rendered, now)), subject: rendered.subject });
  }
  const greetings = new Map<number, string>();
  for (const r of recipients) greetings.set(r.id, await greetingFor(r.locale, r.name));
  let sent = 0;
  for (let i = 0; i < recipients.length; i += CHUNK) {
    const chunk = recipients.slice(i, i + CHUNK);
    sent += transaction((tx) => {
      // Another run may have sent part of this chunk meanwhile: only the still-unmarked go.
      const open = new Set(
        tx
          .select({ id: meetupRegistrations.id, sent: meetupRegistrations[column] })
          .from(meetupRegistrations)
          .where(
            inArray(
              meetupRegistrations.id,
              chunk.map((r) => r.id),
            ),
          )
          .all()
          .filter((row) => row.sent === null)
          .map((row) => row.id),
      );
      let n = 0;
      for (const r of chunk) {
        if (!open.has(r.id)) continue;
        const template = templates.get(r.locale)!;
        enqueueEmail(
          tx,
          {
            template: "meetup",
            to: r.email,
            locale: r.locale,
            contactId: r.contactId,
            subject: template.subject,
            body: { templateId: template.templateId, values: { [MEETUP_GREETING]: greetings.get(r.id)! } },
            tags: [{ name: "kind", value: `meetup_${kind}` }],
            links: { kind: "meetup", registrationId: r.id },
          },
          now,
        );
        tx.update(meetupRegistrations)
          .set({ [column]: now })
          .where(eq(meetupRegistrations.id, r.id))
          .run();
        keepTokenHashes(tx, r.id);
        n += 1;
      }
      return n;
    });
  }
  return sent;
}
