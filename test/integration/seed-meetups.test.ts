import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDb, type Sqlite } from "../../db/client";
import { seedDatabase } from "../../db/seed";

const TODAY = "2026-03-15";
const TODAY_MS = Date.UTC(2026, 2, 15);
const dir = mkdtempSync(join(tmpdir(), "kizuna-seed-meetups-"));
const opened: Sqlite[] = [];

afterAll(() => opened.forEach((sqlite) => sqlite.open && sqlite.close()));

describe("the demo seed's user-group events", () => {
  it("has past events with attendance, speakers, survey answers and materials, and an upcoming one with a waitlist, in both languages", () => {
    const file = join(dir, "seed.db");
    copyFileSync(process.env.KIZUNA_TEST_BASE_DB!, file);
    const { db, sqlite } = openDb(file);
    opened.push(sqlite);
    const counts = seedDatabase(db, { today: TODAY });
    expect(counts.meetups).toBe(6);
    const rows = sqlite
      .prepare(
        `SELECT m.title, m.ends_at AS endsAt, m.materials, m.capacity, m.confirmed_count AS confirmed, m.waitlist_count AS waiting,
          (SELECT count(*) FROM meetup_registrations r WHERE r.meetup_id = m.id AND r.status = 'confirmed') AS seats,
          (SELECT count(*) FROM meetup_registrations r WHERE r.meetup_id = m.id AND r.status = 'waitlisted') AS waitlist,
          (SELECT count(*) FROM meetup_registrations r WHERE r.meetup_id = m.id AND r.attended_at IS NOT NULL) AS attended,
          (SELECT count(*) FROM meetup_registrations r WHERE r.meetup_id = m.id AND r.speaker = 1) AS speakers,
          (SELECT count(*) FROM meetup_registrations r WHERE r.meetup_id = m.id AND r.satisfaction IS NOT NULL) AS answers
        FROM meetups m ORDER BY m.starts_at`,
      )
      .all() as {
      title: string;
      endsAt: number;
      materials: string;
      capacity: number;
      confirmed: number;
      waiting: number;
      seats: number;
      waitlist: number;
      attended: number;
      speakers: number;
      answers: number;
    }[];
    const past = rows.filter((r) => r.endsAt <= TODAY_MS);
    const upcoming = rows.filter((r) => r.endsAt > TODAY_MS);
    expect(past).toHaveLength(4);
    for (const event of past) {
      expect(event.attended).toBeGreaterThan(0);
      expect(event.speakers).toBe(2);
      expect(event.answers).toBeGreaterThan(0);
      expect(JSON.parse(event.materials).length).toBeGreaterThan(0);
    }
    // The counters agree with the rows, and one upcoming event is over capacity.
    for (const event of rows) expect([event.confirmed, event.waiting]).toEqual([event.seats, event.waitlist]);
    expect(upcoming.some((event) => event.waitlist > 0 && event.seats === event.capacity)).toBe(true);
    expect(rows.some((r) => /[\u3040-\u30ff]/.test(r.title))).toBe(true);
    expect(rows.some((r) => /^[\x20-\x7e]+$/.test(r.title))).toBe(true);
  });
});
