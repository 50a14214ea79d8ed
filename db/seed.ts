import { DEFAULT_THRESHOLDS, type SegmentThresholds } from "../app/domain/segments";
import { SETTINGS } from "../app/models/settings.server";
import type { Db, Sqlite } from "./client";
import { accountsStep } from "./seed/accounts";
import { parseIsoDate, todayIso } from "./seed/calendar";
import { communityStep } from "./seed/community";
import { largeCommunityStep } from "./seed/community-large";
import { ideasStep, largeIdeasStep } from "./seed/ideas";
import { meetupsStep } from "./seed/meetups";
import { consoleStep } from "./seed/console";
import { contactsStep } from "./seed/contacts";
import { currencyStep } from "./seed/currency";
import { npsStep } from "./seed/nps";
import { onboardingStep } from "./seed/onboarding";
import { SCALES, type ScaleName, type SeedContext, type SeedStep } from "./seed/context";
import { rngFor } from "./seed/random";
import { staffStep } from "./seed/staff";
import { storiesStep } from "./seed/stories";

export { SCALE_NAMES, SCALES, type ScaleName } from "./seed/context";

/**
 * Deterministic demo data. The same seed, scale and reference day always write the same rows
 * (ids, names, amounts, dates, timestamps), on any machine. Relative dates (customer since,
 * renewals in the coming year) hang off the reference day, which defaults to today (UTC).
 */
export const DEMO_SEED = "kizuna-demo-v1";

/** In order; each step reads what the ones before it created from the context. */
export const SEED_STEPS: readonly SeedStep[] = [
  staffStep,
  currencyStep,
  accountsStep,
  contactsStep,
  npsStep,
  consoleStep,
  communityStep,
  meetupsStep,
  largeCommunityStep,
  ideasStep,
  largeIdeasStep,
  storiesStep,
  onboardingStep,
];

/**
 * Areas that can be loaded alone (`seed --scale large --only community`), onto a database that
 * already holds the rest (a large seed from before the area existed) or onto an empty one: such a
 * step reads what it needs from the database, not from the steps before it, and refuses to load
 * twice itself.
 */
export const SEED_AREAS = { community: largeCommunityStep, ideas: largeIdeasStep } as const satisfies Record<string, SeedStep>;
export type SeedArea = keyof typeof SEED_AREAS;
export const SEED_AREA_NAMES = Object.keys(SEED_AREAS) as SeedArea[];

export type SeedOptions = {
  scale?: ScaleName;
  /** Reference day, `YYYY-MM-DD` (UTC). */
  today?: string;
  /** Load only this area (its step alone), whether or not the database already has accounts. */
  only?: SeedArea;
  /** Leave these areas out (a test of the rest that need not wait for them). */
  skip?: readonly SeedArea[];
  onProgress?: (message: string) => void;
};

export type SeedCounts = { users: number; accounts: number; contacts: number } & Record<string, number>;

export class DatabaseNotEmptyError extends Error {
  constructor(readonly accounts: number) {
    super(
      `The database already has ${accounts} account${accounts === 1 ? "" : "s"}; demo data is loaded only into a database without accounts. Point DATABASE_URL at a new file to seed.`,
    );
  }
}

export class InvalidSeedDateError extends Error {
  constructor(value: string) {
    super(`"${value}" is not a date: use YYYY-MM-DD.`);
  }
}

/** The admin's segment thresholds, with the defaults filling in any currency the seed uses. */
function thresholdsIn(sqlite: Sqlite): SegmentThresholds {
  const row = sqlite.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'segmentThresholds'").get();
  let saved: SegmentThresholds = {};
  if (row) {
    const parsed = SETTINGS.segmentThresholds.schema.safeParse(JSON.parse(row.value));
    if (parsed.success) saved = parsed.data;
  }
  return { ...DEFAULT_THRESHOLDS, ...saved };
}

function countAccounts(sqlite: Sqlite): number {
  return sqlite.prepare<[], { n: number }>("SELECT count(*) AS n FROM accounts").get()!.n;
}

/**
 * Writes the demo data in one IMMEDIATE transaction: all of it or nothing, and two processes
 * starting on the same new database cannot both seed it. Raw prepared statements keep the
 * large scale (hundreds of thousands of rows) to seconds. Throws `DatabaseNotEmptyError` when
 * the database already has accounts.
 */
export function seedDatabase(db: Db, options: SeedOptions = {}): SeedCounts {
  const sqlite = db.$client;
  const scale = options.scale ?? "demo";
  const today = options.today ?? todayIso();
  const todayMs = parseIsoDate(today);
  if (todayMs === null) throw new InvalidSeedDateError(today);
  const progress = options.onProgress ?? (() => {});

  const counts = sqlite
    .transaction(() => {
      if (!options.only) {
        const existing = countAccounts(sqlite);
        if (existing > 0) throw new DatabaseNotEmptyError(existing);
      }
      const ctx: SeedContext = {
        sqlite,
        db,
        scale,
        plan: SCALES[scale],
        today,
        todayMs,
        thresholds: thresholdsIn(sqlite),
        rng: (stream) => rngFor(DEMO_SEED, stream),
        progress,
        csms: [],
        accounts: [],
        contacts: [],
      };
      const written: Record<string, number> = {};
      const skipped = new Set<SeedStep>((options.skip ?? []).map((area) => SEED_AREAS[area]));
      for (const step of options.only ? [SEED_AREAS[options.only]] : SEED_STEPS.filter((candidate) => !skipped.has(candidate))) {
        const started = performance.now();
        const result = step.run(ctx);
        const rows = typeof result === "number" ? { [step.name]: result } : result;
        Object.assign(written, rows);
        const total = Object.values(rows).reduce((a, b) => a + b, 0);
        progress(`${step.name}: ${total} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      return written as SeedCounts;
    })
    .immediate();
  // Fresh statistics for the query planner after a bulk load.
  sqlite.pragma("optimize");
  return counts;
}

/** Throws `DatabaseNotEmptyError` unless seeding would be accepted (checked again when seeding). */
export function assertSeedable(db: Db): void {
  const existing = countAccounts(db.$client);
  if (existing > 0) throw new DatabaseNotEmptyError(existing);
}

/** On first start: loads the demo scale into a database without accounts; null otherwise. */
export function seedDemoIfEmpty(db: Db): SeedCounts | null {
  if (countAccounts(db.$client) > 0) return null;
  try {
    return seedDatabase(db, { scale: "demo" });
  } catch (error) {
    // Another process seeded it between the check and the transaction.
    if (error instanceof DatabaseNotEmptyError) return null;
    throw error;
  }
}
