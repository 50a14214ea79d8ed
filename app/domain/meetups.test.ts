import { describe, expect, it } from "vitest";
import {
  attendeeEmails,
  MeetupForm,
  meetupTimeIn,
  nextToPromote,
  parseMaterials,
  placeFor,
  registrationRefusal,
  reminderSchedule,
  reminderStillDue,
  utcToZonedLocal,
  zonedLocalToUtc,
} from "./meetups";

const HOUR = 3_600_000;
const start = Date.UTC(2026, 11, 19, 10, 0); // 19:00 in Tokyo
const end = start + 2 * HOUR;

describe("the waitlist", () => {
  it("gives a seat while one is free, then the waitlist", () => {
    expect(placeFor({ capacity: 2, confirmedCount: 1 })).toBe("confirmed");
    expect(placeFor({ capacity: 2, confirmedCount: 2 })).toBe("waitlisted");
  });

  it("promotes the longest-waiting registration, never a seated or cancelled one", () => {
    const rows = [
      { id: 1, status: "confirmed", waitlistedAt: null },
      { id: 2, status: "waitlisted", waitlistedAt: 300 },
      { id: 3, status: "cancelled", waitlistedAt: 100 },
      { id: 4, status: "waitlisted", waitlistedAt: 200 },
      { id: 5, status: "waitlisted", waitlistedAt: 200 },
    ];
    expect(nextToPromote(rows)?.id).toBe(4);
    expect(nextToPromote(rows.filter((r) => r.status !== "waitlisted"))).toBeNull();
  });
});

describe("registration", () => {
  const meetup = { startsAt: start, registrationDeadline: start - 24 * HOUR, segments: ["high", "low"] };
  it("refuses a segment the event is not open to, and after the deadline", () => {
    expect(registrationRefusal(meetup, "tech", start - 48 * HOUR)).toBe("meetupSegmentNotAllowed");
    expect(registrationRefusal(meetup, null, start - 48 * HOUR)).toBe("meetupSegmentNotAllowed");
    expect(registrationRefusal(meetup, "high", start - 48 * HOUR)).toBeNull();
    expect(registrationRefusal(meetup, "high", start - 24 * HOUR)).toBe("meetupRegistrationClosed");
    expect(registrationRefusal({ ...meetup, registrationDeadline: null, segments: null }, "tech", start - 1)).toBeNull();
    expect(registrationRefusal({ ...meetup, registrationDeadline: null, segments: null }, "tech", start)).toBe("meetupRegistrationClosed");
  });
});

describe("the reminder schedule", () => {
  it("is a day and an hour before the start and the survey an hour after the end", () => {
    expect(reminderSchedule({ startsAt: start, endsAt: end }, start - 7 * 24 * HOUR)).toEqual([
      { kind: "day", runAt: start - 24 * HOUR },
      { kind: "hour", runAt: start - HOUR },
      { kind: "survey", runAt: end + HOUR },
    ]);
  });

  it("skips what has passed: created three hours before, only the hour reminder and the survey", () => {
    expect(reminderSchedule({ startsAt: start, endsAt: end }, start - 3 * HOUR).map((r) => r.kind)).toEqual(["hour", "survey"]);
  });

  it("knows a job queued before the meetup moved is stale", () => {
    expect(reminderStillDue({ startsAt: start, endsAt: end }, "day", start - 24 * HOUR)).toBe(true);
    expect(reminderStillDue({ startsAt: start + HOUR, endsAt: end + HOUR }, "day", start - 24 * HOUR)).toBe(false);
  });
});

describe("time zones", () => {
  it("reads a wall-clock time in the organisers' zone as UTC, and back", () => {
    expect(zonedLocalToUtc("2026-12-19T19:00", "Asia/Tokyo")).toBe(start);
    expect(utcToZonedLocal(start, "Asia/Tokyo")).toBe("2026-12-19T19:00");
    expect(zonedLocalToUtc("2026-07-01T09:00", "Europe/Berlin")).toBe(Date.UTC(2026, 6, 1, 7, 0));
    expect(zonedLocalToUtc("2026-02-30T09:00", "Asia/Tokyo")).toBeNull();
    expect(zonedLocalToUtc("2026-12-19T19:00", "Mars/Olympus")).toBeNull();
  });

  it("shows the same meetup on each reader's clock, in their language", () => {
    expect(meetupTimeIn(start, end, "Asia/Tokyo", "en")).toMatch(/19 Dec 2026.*19:00.*21:00/);
    expect(meetupTimeIn(start, end, "Asia/Tokyo", "ja")).toBe("2026年12月19日(土) 19:00～21:00");
    // Berlin is eight hours behind Tokyo in December: the same meetup is at 11:00.
    expect(meetupTimeIn(start, end, "Europe/Berlin", "en")).toMatch(/19 Dec 2026.*11:00.*13:00/);
    // New York is fourteen hours behind Tokyo: 05:00 the same day.
    expect(meetupTimeIn(start, end, "America/New_York", "en")).toMatch(/19 Dec 2026.*05:00.*07:00/);
  });
});

describe("the console form", () => {
  const base = {
    intent: "create",
    title: "User group #12",
    format: "online",
    joinUrl: "https://meet.example.com/x",
    startsLocal: "2026-12-19T19:00",
    endsLocal: "2026-12-19T21:00",
    timeZone: "Asia/Tokyo",
    capacity: 30,
  };
  it("turns the wall-clock times into UTC", () => {
    const parsed = MeetupForm.parse(base);
    expect(parsed.input.startsAt).toBe(start);
    expect(parsed.input.endsAt).toBe(end);
    expect(parsed.input.venue).toBeNull();
  });
  it("refuses an end before the start, an online event without a link, a deadline after the start", () => {
    expect(MeetupForm.safeParse({ ...base, endsLocal: "2026-12-19T18:00" }).success).toBe(false);
    expect(MeetupForm.safeParse({ ...base, joinUrl: "" }).success).toBe(false);
    expect(MeetupForm.safeParse({ ...base, joinUrl: "javascript:alert(1)" }).success).toBe(false);
    expect(MeetupForm.safeParse({ ...base, deadlineLocal: "2026-12-20T10:00" }).success).toBe(false);
    expect(MeetupForm.safeParse({ ...base, format: "venue", venue: "" }).success).toBe(false);
  });
  it("reads materials one a line", () => {
    expect(parseMaterials("Slides https://example.com/s.pdf\nhttps://video.example.com/1")).toEqual([
      { title: "Slides", url: "https://example.com/s.pdf" },
      { title: "https://video.example.com/1", url: "https://video.example.com/1" },
    ]);
    expect(parseMaterials("Slides http://example.com")).toBeNull();
  });
});

describe("the attendee list", () => {
  it("reads the email column, whatever its position and case, each address once", () => {
    expect(
      attendeeEmails([
        ["Name", "E-mail"],
        ["Aiko", " Aiko@Example.com "],
        ["Ken", "ken@example.com"],
        ["Aiko again", "aiko@example.com"],
      ]),
    ).toEqual(["aiko@example.com", "ken@example.com"]);
    expect(attendeeEmails([["a@example.com"], ["b@example.com"]])).toEqual(["a@example.com", "b@example.com"]);
  });
});
