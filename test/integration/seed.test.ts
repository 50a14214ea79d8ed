import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, segmentFor, type SegmentThresholds } from "../../app/domain/segments";
import { verifyPassword } from "../../app/utils/password.server";
import { openDb, type Sqlite } from "../../db/client";
import { DatabaseNotEmptyError, seedDatabase, seedDemoIfEmpty } from "../../db/seed";

const TODAY = "2026-03-15";
const TODAY_MS = Date.UTC(2026, 2, 15);
const DAY_MS = 86_400_000;

const dir = mkdtempSync(join(tmpdir(), "kizuna-seed-"));
const opened: Sqlite[] = [];
let fresh = 0;

/** A new migrated database of its own (a copy of the base the test setup built). */
function freshDatabase() {
  const file = join(dir, `seed-${++fresh}.db`);
  copyFileSync(process.env.KIZUNA_TEST_BASE_DB!, file);
  const handle = openDb(file);
  opened.push(handle.sqlite);
  return handle;
}

// The large scale writes ~2 GB: the directory goes with the run.
afterAll(() => {
  opened.forEach((sqlite) => sqlite.open && sqlite.close());
  rmSync(dir, { recursive: true, force: true });
});

/** Everything the seed writes, in a stable order, with the CSM by email rather than by id. */
function dump(sqlite: Sqlite): string {
  const accounts = sqlite.prepare("SELECT a.*, u.email AS csm_email FROM accounts a LEFT JOIN users u ON u.id = a.csm_user_id ORDER BY a.id").all();
  const contacts = sqlite.prepare("SELECT * FROM contacts ORDER BY id").all();
  const csms = sqlite.prepare("SELECT email, name, role, password_hash, created_at FROM users WHERE role = 'csm' ORDER BY email").all();
  return JSON.stringify({ accounts, contacts, csms });
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

type AccountRow = {
  id: number;
  domain: string;
  acv_amount: number;
  acv_currency: string;
  segment: string;
  start_date: string;
  renewal_date: string;
  stage: string;
  csm_user_id: number | null;
};

describe("demo seed", () => {
  it("writes byte-identical data for the same reference day", () => {
    const first = freshDatabase();
    const second = freshDatabase();
    seedDatabase(first.db, { today: TODAY });
    seedDatabase(second.db, { today: TODAY });
    const [a, b] = [dump(first.sqlite), dump(second.sqlite)];
    expect(a.length).toBeGreaterThan(100_000);
    expect(sha256(a)).toBe(sha256(b));

    const otherDay = freshDatabase();
    seedDatabase(otherDay.db, { today: "2026-03-16" });
    expect(sha256(dump(otherDay.sqlite))).not.toBe(sha256(a));
  });

  it("loads ~300 accounts in all three segments and ~1,500 contacts in English and Japanese", () => {
    const { db, sqlite } = freshDatabase();
    const counts = seedDatabase(db, { today: TODAY });
    expect(counts).toMatchObject({ users: 7, accounts: 300, contacts: 1_500 });

    const accounts = sqlite.prepare("SELECT * FROM accounts").all() as AccountRow[];
    for (const segment of ["high", "low", "tech"]) expect(accounts.filter((a) => a.segment === segment).length).toBeGreaterThan(20);
    expect(new Set(accounts.map((a) => a.acv_currency))).toEqual(new Set(["JPY", "USD"]));
    expect(new Set(accounts.map((a) => a.stage))).toEqual(new Set(["onboarding", "adoption", "expansion", "renewal"]));
    for (const account of accounts) {
      expect(account.segment).toBe(segmentFor({ amount: account.acv_amount, currency: account.acv_currency }, DEFAULT_THRESHOLDS));
      // Tech touch is automated only: no CSM. High and low touch always have one.
      expect(account.csm_user_id === null).toBe(account.segment === "tech");
      const startMs = Date.parse(account.start_date);
      expect(startMs).toBeLessThan(TODAY_MS);
      expect(startMs).toBeGreaterThanOrEqual(TODAY_MS - 4 * 366 * DAY_MS);
      const renewalMs = Date.parse(account.renewal_date);
      expect(renewalMs).toBeGreaterThan(TODAY_MS);
      expect(renewalMs).toBeLessThanOrEqual(TODAY_MS + 366 * DAY_MS);
    }
    expect(new Set(accounts.map((a) => a.domain)).size).toBe(300);

    const contacts = sqlite
      .prepare("SELECT c.email, c.locale, c.name, c.title, a.domain, a.acv_currency FROM contacts c JOIN accounts a ON a.id = c.account_id")
      .all() as { email: string; locale: string; name: string; title: string; domain: string; acv_currency: string }[];
    const ja = contacts.filter((c) => c.locale === "ja");
    expect(ja.length).toBeGreaterThan(300);
    expect(contacts.length - ja.length).toBeGreaterThan(300);
    // Japanese contacts work at Japanese customers, with Japanese names ("山田 太郎").
    for (const contact of ja) {
      expect(contact.acv_currency).toBe("JPY");
      expect(contact.name).toMatch(/^\S+ \S+$/);
      expect(contact.name).not.toMatch(/[A-Za-z]/);
    }
    for (const contact of contacts) {
      expect(contact.email).toBe(contact.email.trim().toLowerCase());
      expect(contact.email.endsWith(`@${contact.domain}`)).toBe(true);
      expect(contact.title).toBeTruthy();
    }
    expect(new Set(contacts.map((c) => c.email)).size).toBe(contacts.length);
  });

  it("gives every CSM accounts, in their language, and no password that signs in", async () => {
    const { db, sqlite } = freshDatabase();
    seedDatabase(db, { today: TODAY });
    const csms = sqlite
      .prepare(
        `SELECT u.id, u.name, u.password_hash, count(a.id) AS owned, sum(a.acv_currency = 'JPY') AS japanese
         FROM users u LEFT JOIN accounts a ON a.csm_user_id = u.id WHERE u.role = 'csm' GROUP BY u.id`,
      )
      .all() as { id: number; name: string; password_hash: string; owned: number; japanese: number }[];
    expect(csms.length).toBeGreaterThanOrEqual(6);
    expect(csms.length).toBeLessThanOrEqual(8);
    for (const csm of csms) {
      expect(csm.owned).toBeGreaterThan(0);
      const writesJapanese = /[^\p{ASCII}]/u.test(csm.name);
      expect(csm.japanese).toBe(writesJapanese ? csm.owned : 0);
      expect(csm.password_hash).toBe("!");
      expect(await verifyPassword(csm.password_hash, "!")).toBe(false);
    }
  });

  it("derives segments from the thresholds an admin has set", () => {
    const { db, sqlite } = freshDatabase();
    const thresholds: SegmentThresholds = { JPY: { high: 10_000_000, low: 1_000_000 }, USD: { high: 100_000_00, low: 10_000_00 } };
    sqlite.prepare("INSERT INTO settings (key, value) VALUES ('segmentThresholds', ?)").run(JSON.stringify(thresholds));
    seedDatabase(db, { today: TODAY });
    const accounts = sqlite.prepare("SELECT acv_amount, acv_currency, segment FROM accounts").all() as AccountRow[];
    for (const account of accounts) {
      expect(account.segment).toBe(segmentFor({ amount: account.acv_amount, currency: account.acv_currency }, thresholds));
    }
    expect(new Set(accounts.map((a) => a.segment)).size).toBe(3);
  });

  it("refuses a database that already has accounts and writes nothing", () => {
    const { db, sqlite } = freshDatabase();
    sqlite
      .prepare(
        "INSERT INTO accounts (external_id, name, acv_amount, acv_currency, segment, start_date) VALUES ('crm-1', 'Real Customer', 100, 'USD', 'tech', '2025-01-01')",
      )
      .run();
    expect(() => seedDatabase(db, { today: TODAY })).toThrow(DatabaseNotEmptyError);
    const counts = sqlite
      .prepare("SELECT (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM users) AS users")
      .get();
    expect(counts).toEqual({ accounts: 1, contacts: 0, users: 0 });
  });

  it("loads the demo on first start only", () => {
    const { db } = freshDatabase();
    expect(seedDemoIfEmpty(db)).toMatchObject({ accounts: 300, contacts: 1_500 });
    expect(seedDemoIfEmpty(db)).toBeNull();
  });

  it("loads the large scale with exact counts and unique emails", () => {
    const { db, sqlite } = freshDatabase();
    // The large community has its own test (community-seed.test.ts) and the seed-large bench.
    const counts = seedDatabase(db, { scale: "large", today: TODAY, skip: ["community"] });
    expect(counts).toMatchObject({ accounts: 20_000, contacts: 200_000 });
    const stats = sqlite
      .prepare("SELECT count(DISTINCT email) AS emails, count(DISTINCT account_id) AS accounts, sum(locale = 'ja') AS ja FROM contacts")
      .get() as { emails: number; accounts: number; ja: number };
    expect(stats.emails).toBe(200_000);
    expect(stats.accounts).toBe(20_000);
    expect(stats.ja).toBeGreaterThan(50_000);
    expect(counts.responses).toBeGreaterThanOrEqual(1_000_000);
    // Three years of user groups: the demo's four past events every four months, eight times over, and the demo's six.
    expect(counts.meetups).toBe(8 * 4 + 6);
    const meetups = sqlite
      .prepare("SELECT count(*) AS past, sum(confirmed_count) AS seats, min(starts_at) AS first FROM meetups WHERE ends_at < ?")
      .get(Date.parse(`${TODAY}T00:00:00Z`)) as { past: number; seats: number; first: number };
    expect(meetups.past).toBe(36);
    expect(meetups.seats).toBeGreaterThan(3_000);
    expect(meetups.first).toBeLessThan(Date.parse(`${TODAY}T00:00:00Z`) - 2.9 * 365 * 86_400_000);
  }, 300_000); // about 100 s on a quiet machine (the count triggers write as it inserts); the seed-large bench times it
});
