import type { Sqlite } from "../client";
import type { Segment, SegmentThresholds } from "../../app/domain/segments";
import type { Country } from "./companies";
import type { Rng } from "./random";

export const SCALE_NAMES = ["demo", "large"] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

/** How much each scale generates. Later areas add their own sizes here (campaigns, responses). */
export type ScalePlan = { accounts: number; contacts: number; csms: number };

export const SCALES: Record<ScaleName, ScalePlan> = {
  demo: { accounts: 300, contacts: 1_500, csms: 7 },
  large: { accounts: 20_000, contacts: 200_000, csms: 40 },
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

/** One area of demo data. Returns how many rows it wrote; `name` keys the counts. */
export type SeedStep = { name: string; run(ctx: SeedContext): number };
