import type { Db, Sqlite } from "../client";
import type { Segment, SegmentThresholds } from "../../app/domain/segments";
import type { Country } from "./companies";
import type { Rng } from "./random";

export const SCALE_NAMES = ["demo", "large"] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

/** How much each scale generates. Later areas add their own sizes here (campaigns, responses). */
export type ScalePlan = {
  accounts: number;
  contacts: number;
  csms: number;
  /** NPS waves, evenly spread over `npsMonths` up to today. */
  npsWaves: number;
  npsMonths: number;
  /** Days between two invitations to the same contact (the campaigns' throttle rule). */
  npsThrottleDays: number;
  /** Average share of invitations answered. */
  npsResponseRate: number;
};

export const SCALES: Record<ScaleName, ScalePlan> = {
  demo: { accounts: 300, contacts: 1_500, csms: 7, npsWaves: 8, npsMonths: 12, npsThrottleDays: 90, npsResponseRate: 0.2 },
  // The benchmark scale: ≥ 1,000,000 responses for the console, from monthly pulse waves over
  // three years with a higher answer rate than a typical relationship survey.
  large: { accounts: 20_000, contacts: 200_000, csms: 40, npsWaves: 36, npsMonths: 36, npsThrottleDays: 30, npsResponseRate: 0.36 },
};

export type SeededCsm = { id: number; email: string; speaksJapanese: boolean };

export type SeededAccount = {
  id: number;
  externalId: string;
  domain: string;
  country: Country;
  currency: "JPY" | "USD";
  acvAmount: number;
  segment: Segment;
  startMs: number;
  renewalMs: number;
  csmUserId: number | null;
};

export type SeededContact = {
  id: number;
  accountId: number;
  email: string;
  locale: "en" | "ja";
  createdMs: number;
  unsubscribedMs: number | null;
};

/**
 * What every seeding step sees: the raw connection (prepared statements inside the caller's
 * transaction), the plan, a fixed reference day, one random stream per step, and what the steps
 * before it created, so a later step (campaigns, responses) builds on them without re-reading.
 */
export type SeedContext = {
  sqlite: Sqlite;
  /** The same connection through drizzle, for the app's own code paths (the badge awards) inside the seed's transaction. */
  db: Db;
  scale: ScaleName;
  plan: ScalePlan;
  /** The reference "today" (ISO date) all relative dates hang off; midnight UTC in `todayMs`. */
  today: string;
  todayMs: number;
  thresholds: SegmentThresholds;
  rng(stream: string): Rng;
  progress(message: string): void;
  csms: SeededCsm[];
  accounts: SeededAccount[];
  contacts: SeededContact[];
};

/**
 * One area of demo data. Returns how many rows it wrote (keyed by `name`), or counts per
 * table when it fills several.
 */
export type SeedStep = { name: string; run(ctx: SeedContext): number | Record<string, number> };
