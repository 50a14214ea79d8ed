import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../db/client";
import { communityBadges, communityMemberBadges, communityCategories, jobs, meetupRegistrations, meetups, outbox, outboxFills } from "../../db/schema";
import { MeetupForm } from "../../app/domain/meetups";
import { isServiceError } from "../../app/domain/service-error";
import { findMemberOfContact } from "../../app/models/community-member.server";
import { loadAccount360 } from "../../app/services/account-360.server";
import { createMeetup, importAttendance, markRegistration } from "../../app/services/meetup-admin.server";
import { calendarByToken } from "../../app/services/meetup-calendar.server";
import { cancelMeetupRegistration, registerContact, registerForMeetup } from "../../app/services/meetup-registration.server";
import { answerSurveyByToken } from "../../app/services/meetup-survey.server";
import { sendMeetupReminders } from "../../app/services/meetup-emails.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { requireCommunityReader } from "../../app/utils/community-access.server";
import { db, sqlite } from "../../app/utils/db.server";
import { meetupTokens } from "../../app/utils/email-links.server";
import { env } from "../../app/utils/env.server";
import { loader as eventLoader } from "../../app/routes/community.events.$id";
import { action as eventAction } from "../../app/routes/community.events.$id";
import { loader as calendarLoader } from "../../app/routes/community_.event-calendar.$token";
import "../../app/jobs.server";
import { contactCookie, createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";

const HOUR = 3_600_000;

async function customer(segment: "high" | "low" | "tech" = "tech", locale: "en" | "ja" = "en") {
  const contact = createContact({ accountId: createAccount({ segment }).id, locale });
  const cookie = await contactCookie(contact.id);
  const reader = await requireCommunityReader(getRequest("/community/events", cookie));
  return { contact, cookie, reader };
}

function staffActor() {
  return { user: { ...createStaff("csm"), language: "en" as const } } as unknown as Parameters<typeof createMeetup>[0];
}

function newMeetup(
  overrides: Partial<{ capacity: number; segments: ("high" | "low" | "tech")[] | null; startsInHours: number; deadlineInHours: number }> = {},
) {
  const startsAt = Date.now() + (overrides.startsInHours ?? 72) * HOUR;
  return createMeetup(staffActor(), {
    title: "Kizuna user group #12",
    description: "Talks **and** Q&A.",
    format: "online",
    joinUrl: "https://meet.example.com/kizuna-12",
    venue: null,
    startsAt,
    endsAt: startsAt + 2 * HOUR,
    timeZone: "Asia/Tokyo",
    registrationDeadline: overrides.deadlineInHours === undefined ? null : Date.now() + overrides.deadlineInHours * HOUR,
    capacity: overrides.capacity ?? 1,
    segments: overrides.segments ?? null,
    materials: [],
  });
}

const registrationsOf = (meetupId: number) => db.select().from(meetupRegistrations).where(eq(meetupRegistrations.meetupId, meetupId)).all();
const meetupEmails = () => db.select().from(outbox).where(eq(outbox.template, "meetup")).all();

/** The one VEVENT of a calendar file, its properties by name (RFC 5545: CRLF lines, folded lines unfolded). */
function readEvent(body: string): Record<string, string> {
  expect(body.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  expect(body.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
  const lines = body.replace(/\r\n[ \t]/g, "").split("\r\n");
  expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(1);
  const event: Record<string, string> = {};
  for (const line of lines.slice(lines.indexOf("BEGIN:VEVENT") + 1, lines.indexOf("END:VEVENT"))) {
    const at = line.indexOf(":");
    event[line.slice(0, at).split(";")[0]] = line.slice(at + 1);
  }
  return event;
}

const icsUtc = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

async function refusal(fn: () => unknown) {
  try {
    await fn();
  } catch (error) {
    if (isServiceError(error)) return { status: error.status, code: error.code };
    throw error;
  }
  return null;
}

describe("user-group events (meetups)", () => {
  beforeAll(() => {
    db.run(sql`DELETE FROM jobs`);
  });

  it("a fresh database has the events category", () => {
    const category = db.select().from(communityCategories).where(eq(communityCategories.slug, "events")).get();
    expect(category).toMatchObject({ kind: "events", nameJa: "イベント" });
  });

  it("two registrations for the last seat on two connections: exactly one gets the seat, the other the waitlist", async () => {
    const meetup = newMeetup({ capacity: 1 });
    const a = await customer();
    const b = await customer();
    const file = env().databaseFile;
    const one = openDb(file);
    const two = openDb(file);
    try {
      // Connection one holds its write transaction open, its seat taken but not committed.
      one.sqlite.exec("BEGIN IMMEDIATE");
      const first = registerContact(one.db, meetup.id, a.contact.id, "tech", Date.now());
      expect(first.status).toBe("confirmed");
      // Connection two cannot even begin: the seat count it would read is not settled.
      two.sqlite.pragma("busy_timeout = 0");
      expect(() => two.sqlite.transaction(() => registerContact(two.db, meetup.id, b.contact.id, "tech", Date.now())).immediate()).toThrow(/busy|locked/i);
      one.sqlite.exec("COMMIT");
      // Once it can, it reads the seat as taken and joins the waitlist.
      const second = two.sqlite.transaction(() => registerContact(two.db, meetup.id, b.contact.id, "tech", Date.now())).immediate();
      expect(second.status).toBe("waitlisted");
    } finally {
      one.sqlite.close();
      two.sqlite.close();
    }
    const rows = registrationsOf(meetup.id);
    expect(rows.filter((r) => r.status === "confirmed")).toHaveLength(1);
    expect(rows.filter((r) => r.status === "waitlisted")).toHaveLength(1);
    expect(db.select().from(meetups).where(eq(meetups.id, meetup.id)).get()).toMatchObject({ confirmedCount: 1, waitlistCount: 1 });
  });

  it("the seat is taken by a conditional write: even a stale read of a free seat cannot overbook", async () => {
    const meetup = newMeetup({ capacity: 1 });
    const a = await customer();
    const b = await customer();
    const file = env().databaseFile;
    const one = openDb(file);
    const two = openDb(file);
    try {
      // Both connections read "one free seat" inside deferred transactions, then both try to take it.
      one.sqlite.exec("BEGIN");
      two.sqlite.exec("BEGIN");
      expect(one.db.select().from(meetups).where(eq(meetups.id, meetup.id)).get()!.confirmedCount).toBe(0);
      expect(two.db.select().from(meetups).where(eq(meetups.id, meetup.id)).get()!.confirmedCount).toBe(0);
      two.sqlite.pragma("busy_timeout = 0");
      registerContact(one.db, meetup.id, a.contact.id, "tech", Date.now());
      one.sqlite.exec("COMMIT");
      // SQLite refuses the stale writer rather than let it write on an old snapshot.
      let stale: unknown = null;
      try {
        registerContact(two.db, meetup.id, b.contact.id, "tech", Date.now());
      } catch (error) {
        stale = error;
      }
      expect(String((stale as { cause?: { code?: string } } | null)?.cause?.code)).toMatch(/^SQLITE_BUSY/);
      two.sqlite.exec("ROLLBACK");
      expect(two.sqlite.transaction(() => registerContact(two.db, meetup.id, b.contact.id, "tech", Date.now())).immediate().status).toBe("waitlisted");
    } finally {
      one.sqlite.close();
      two.sqlite.close();
    }
    expect(registrationsOf(meetup.id).filter((r) => r.status === "confirmed")).toHaveLength(1);
  });

  it("a cancellation promotes the first waitlisted in the same transaction and queues their email, in their language", async () => {
    const meetup = newMeetup({ capacity: 1 });
    const seated = await customer();
    const firstWaiting = await customer("tech", "ja");
    const secondWaiting = await customer();
    expect(registerForMeetup(seated.reader, meetup.id).status).toBe("confirmed");
    expect(registerForMeetup(firstWaiting.reader, meetup.id).status).toBe("waitlisted");
    expect(registerForMeetup(secondWaiting.reader, meetup.id).status).toBe("waitlisted");
    await runDueJobs({ limit: 50 });
    const before = meetupEmails().length;

    const { promotedRegistrationId } = cancelMeetupRegistration(seated.reader, meetup.id);
    const promoted = registrationsOf(meetup.id).find((r) => r.id === promotedRegistrationId)!;
    expect(promoted.contactId).toBe(firstWaiting.contact.id);
    expect(promoted.status).toBe("confirmed");
    expect(registrationsOf(meetup.id).find((r) => r.contactId === secondWaiting.contact.id)!.status).toBe("waitlisted");
    // Queued with the promotion: the notice job is already in the jobs table.
    expect(
      db
        .select()
        .from(jobs)
        .where(eq(jobs.uniqueKey, `meetup-notice:${promoted.id}:promoted:${promoted.confirmedAt}`))
        .get(),
    ).toBeDefined();

    await runDueJobs({ limit: 50 });
    const emails = meetupEmails().slice(before);
    expect(emails.map((e) => e.toEmail)).toEqual([firstWaiting.contact.email]);
    expect(emails[0]).toMatchObject({ locale: "ja", links: { kind: "meetup", registrationId: promoted.id } });
    expect(emails[0].subject).toContain("参加が確定しました");
    // A second run sends nothing twice.
    await runDueJobs({ limit: 50 });
    expect(meetupEmails().length).toBe(before + 1);
  });

  it("refuses a customer outside the event's segments with 403 and a page that says why", async () => {
    const meetup = newMeetup({ segments: ["high"] });
    const low = await customer("low");
    expect(await refusal(() => registerForMeetup(low.reader, meetup.id))).toEqual({ status: 403, code: "meetupSegmentNotAllowed" });
    const response = (await eventLoader({
      request: getRequest(`/community/events/${meetup.id}`, low.cookie),
      params: { id: String(meetup.id) },
      context: {},
    })) as unknown as {
      init: { status: number };
      data: { state: string };
    };
    expect(response.init.status).toBe(403);
    expect(response.data.state).toBe("forbidden");
    const posted = (await eventAction({
      request: formRequest(`/community/events/${meetup.id}`, { intent: "register" }, low.cookie),
      params: { id: String(meetup.id) },
      context: {},
    })) as unknown as {
      init: { status: number };
      data: { error: string };
    };
    expect(posted.init.status).toBe(403);
    expect(posted.data.error).toMatch(/other customer groups/);
    expect(registrationsOf(meetup.id)).toHaveLength(0);
  });

  it("refuses a registration after the deadline, writing nothing", async () => {
    const meetup = newMeetup({ startsInHours: 48, deadlineInHours: -1 });
    const late = await customer();
    expect(await refusal(() => registerForMeetup(late.reader, meetup.id))).toEqual({ status: 409, code: "meetupRegistrationClosed" });
    expect(registrationsOf(meetup.id)).toHaveLength(0);
  });

  it("never renders the join link for a member who is not registered, or only waitlisted", async () => {
    const meetup = newMeetup({ capacity: 1 });
    const seated = await customer();
    const waiting = await customer();
    const outsider = await customer();
    registerForMeetup(seated.reader, meetup.id);
    registerForMeetup(waiting.reader, meetup.id);
    const pageFor = async (cookie: string) =>
      (await eventLoader({ request: getRequest(`/community/events/${meetup.id}`, cookie), params: { id: String(meetup.id) }, context: {} })) as {
        state: "ok";
        page: { joinUrl: string | null };
      };
    expect((await pageFor(outsider.cookie)).page.joinUrl).toBeNull();
    expect((await pageFor(waiting.cookie)).page.joinUrl).toBeNull();
    expect(JSON.stringify(await pageFor(outsider.cookie))).not.toContain("meet.example.com");
    expect((await pageFor(seated.cookie)).page.joinUrl).toBe("https://meet.example.com/kizuna-12");
    const staff = await pageFor(await staffCookie(createStaff("csm").id));
    expect(staff.page.joinUrl).toBeNull();
  });

  it("serves a valid .ics from the email's token, with the join link only for a confirmed seat, and changes nothing", async () => {
    const meetup = newMeetup({ capacity: 1 });
    const seated = await customer();
    const waiting = await customer();
    const a = registerForMeetup(seated.reader, meetup.id);
    const b = registerForMeetup(waiting.reader, meetup.id);
    const before = JSON.stringify(registrationsOf(meetup.id));

    const response = await calendarLoader({
      request: getRequest("/community/event-calendar/x"),
      params: { token: meetupTokens(a.registrationId).calendar },
      context: {},
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/calendar/);
    const body = await response.text();
    const event = readEvent(body);
    expect(event.SUMMARY).toBe("Kizuna user group #12");
    expect(event.DTSTART).toBe(icsUtc(meetup.startsAt));
    expect(event.DTEND).toBe(icsUtc(meetup.endsAt));
    expect(event.UID).toBe(`meetup-${meetup.id}@localhost`);
    expect(body).toContain("meet.example.com/kizuna-12");

    expect(calendarByToken(meetupTokens(b.registrationId).calendar)!.body).not.toContain("meet.example.com");
    // The survey token does not open the calendar (single purpose), and a made-up token is a 404.
    expect(calendarByToken(meetupTokens(a.registrationId).survey)).toBeNull();
    const missing = await calendarLoader({ request: getRequest("/community/event-calendar/x"), params: { token: "A".repeat(43) }, context: {} });
    expect(missing.status).toBe(404);
    expect(JSON.stringify(registrationsOf(meetup.id))).toBe(before);
    // Only hashes are stored.
    const stored = JSON.stringify(registrationsOf(meetup.id));
    expect(stored).not.toContain(meetupTokens(a.registrationId).calendar);
  });

  it("staff mark attendance: the account 360 counts it and the attendee badge is awarded once; the CSV import lists unknown addresses", async () => {
    const meetup = newMeetup({ capacity: 5 });
    const member = await customer("high");
    const walkIn = createContact({ accountId: member.contact.accountId });
    const { registrationId } = registerForMeetup(member.reader, meetup.id);
    const actor = staffActor();
    markRegistration(actor, meetup.id, registrationId, "attended");
    markRegistration(actor, meetup.id, registrationId, "speaker");
    const imported = importAttendance(actor, meetup.id, `name,Email\nA,${member.contact.email.toUpperCase()}\nW,${walkIn.email}\nX,nobody@unknown.example\n`);
    expect(imported).toEqual({ marked: 1, already: 1, walkIns: [walkIn.email], unknown: ["nobody@unknown.example"] });

    const account = loadAccount360(member.contact.accountId)!;
    expect(account.meetups).toMatchObject({ attended: 2, spoke: 1, people: 2 });
    const memberRow = findMemberOfContact(member.contact.id)!;
    const badges = db
      .select()
      .from(communityMemberBadges)
      .innerJoin(communityBadges, eq(communityBadges.id, communityMemberBadges.badgeId))
      .where(eq(communityMemberBadges.memberId, memberRow.id))
      .all();
    expect(badges.filter((b) => b.community_badges.code === "event_attendee")).toHaveLength(1);
    expect(await refusal(() => importAttendance(actor, meetup.id, ""))).toEqual({ status: 400, code: "meetupAttendanceEmpty" });
    // Attending and speaking are on the advocacy timeline (decision 047); unmarked, they leave it.
    const timeline = () =>
      sqlite()
        .prepare<[string], { kind: string; contactId: number }>(
          "SELECT kind, contact_id AS contactId FROM advocacy_records WHERE source = 'meetup' AND source_id = ? ORDER BY kind, contact_id",
        )
        .all(String(meetup.id));
    expect(timeline()).toEqual([
      { kind: "meetup_attended", contactId: member.contact.id },
      { kind: "meetup_attended", contactId: walkIn.id },
      { kind: "meetup_spoke", contactId: member.contact.id },
    ]);
    markRegistration(actor, meetup.id, registrationId, "notSpeaker");
    markRegistration(actor, meetup.id, registrationId, "absent");
    expect(timeline()).toEqual([{ kind: "meetup_attended", contactId: walkIn.id }]);
  });

  it("the survey answers from the token once the event is over, and not before", async () => {
    const meetup = newMeetup({ capacity: 5, startsInHours: 1 });
    const member = await customer();
    const { registrationId } = registerForMeetup(member.reader, meetup.id);
    const token = meetupTokens(registrationId).survey;
    expect(await refusal(() => answerSurveyByToken(token, { satisfaction: 5, comment: null }))).toEqual({ status: 409, code: "meetupSurveyNotOpen" });
    answerSurveyByToken(token, { satisfaction: 4, comment: "More demos" }, meetup.endsAt + 1);
    expect(registrationsOf(meetup.id)[0]).toMatchObject({ satisfaction: 4, surveyComment: "More demos" });
  });

  it("reminders go once to confirmed seats only, as one stored body per language with a greeting each; a moved event's old job sends nothing", async () => {
    const meetup = newMeetup({ capacity: 1 });
    const seated = await customer("tech", "ja");
    const waiting = await customer();
    registerForMeetup(seated.reader, meetup.id);
    registerForMeetup(waiting.reader, meetup.id);
    const before = meetupEmails().length;
    const dayAt = meetup.startsAt - 24 * HOUR;
    expect(await sendMeetupReminders(meetup.id, "day", dayAt)).toBe(1);
    expect(await sendMeetupReminders(meetup.id, "day", dayAt)).toBe(0);
    const sent = meetupEmails().slice(before);
    expect(sent.map((e) => e.toEmail)).toEqual([seated.contact.email]);
    expect(sent[0].subject).toContain("明日開催");
    expect(db.select().from(outboxFills).where(eq(outboxFills.outboxId, sent[0].id)).get()).toBeDefined();
    // A job queued for an hour that is no longer the event's sends nothing.
    expect(await sendMeetupReminders(meetup.id, "hour", meetup.startsAt - 2 * HOUR)).toBe(0);
    // Creating the event queued its day, hour and survey jobs.
    const keys = db
      .select({ key: jobs.uniqueKey })
      .from(jobs)
      .all()
      .map((j) => j.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        `meetup-reminder:${meetup.id}:day:${dayAt}`,
        `meetup-reminder:${meetup.id}:hour:${meetup.startsAt - HOUR}`,
        `meetup-reminder:${meetup.id}:survey:${meetup.endsAt + HOUR}`,
      ]),
    );
  });

  it("the console form refuses bad input with field messages, never a 500", () => {
    const result = MeetupForm.safeParse({ intent: "create", title: "", format: "online", startsLocal: "x", endsLocal: "y", timeZone: "Nowhere", capacity: 0 });
    expect(result.success).toBe(false);
  });
});
