import { eq } from "drizzle-orm";
import { z } from "zod";
import { settings } from "../../db/schema";
import { CommunitySettings, DEFAULT_COMMUNITY_SETTINGS } from "../domain/community-settings";
import { DEFAULT_REVENUE_SETTINGS, RevenueSettings } from "../domain/revenue-events";
import { CommunityQueueSettings, DEFAULT_COMMUNITY_QUEUE_SETTINGS } from "../domain/community-console";
import { DEFAULT_REPORTING_CURRENCY } from "../domain/money";
import { CommunityRules, DEFAULT_COMMUNITY_RULES } from "../domain/posting-rules";
import { DEFAULT_THRESHOLDS } from "../domain/segments";
import { DEFAULT_SURVEY, SurveyDefinition } from "../domain/survey";
import { dayInZone } from "../domain/zone-days";
import { db } from "../utils/db.server";

const currencyCode = z.string().regex(/^[A-Z]{3}$/, "use a 3-letter ISO currency code");

/** Every setting: its schema and its default. Later areas add theirs here. */
export const SETTINGS = {
  segmentThresholds: {
    schema: z
      .record(currencyCode, z.object({ high: z.number().int().nonnegative(), low: z.number().int().nonnegative() }))
      .refine((r) => Object.values(r).every((t) => t.high > t.low), "the high threshold must be above the low one"),
    default: DEFAULT_THRESHOLDS,
  },
  npsSurvey: { schema: SurveyDefinition, default: DEFAULT_SURVEY },
  /** How detractor follow-up cases are opened and when they fall due. */
  closeTheLoop: {
    schema: z.object({
      /** Business days from a case's opening to its due time. */
      slaBusinessDays: z.number().int().min(1).max(30),
      /**
       * Per currency (minor units): a tech-touch detractor's account whose currency has no exchange
       * rate in force gets a case when its ACV reaches this. With a rate, `currency.caseThresholdMinor` rules.
       */
      techTouchCaseThresholds: z.record(currencyCode, z.number().int().nonnegative()),
      /** The team's IANA time zone: weekdays, holidays, the due clock time and every counted day are read in it. */
      timeZone: z.string().refine(isTimeZone, "use an IANA time zone such as Asia/Tokyo"),
      /** Days off as YYYY-MM-DD in that zone. */
      holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(100),
      /**
       * Whether Japan's public holidays are days off too (domain/japan-holidays). Absent until the
       * team chooses: then on for a team on Tokyo time, off for the others.
       */
      japanHolidays: z.boolean().optional(),
    }),
    default: {
      slaBusinessDays: 2,
      techTouchCaseThresholds: { JPY: 1_000_000, USD: 10_000_00, EUR: 9_000_00 },
      timeZone: "UTC",
      holidays: [],
    },
  },
  /** Money compared across accounts: the reporting currency, and the tech-touch case threshold in it. */
  currency: {
    schema: z.object({
      reportingCurrency: currencyCode,
      /** Tech-touch detractors get a case when the ACV in the reporting currency reaches this (minor units); null: per-currency thresholds only. */
      caseThresholdMinor: z.number().int().nonnegative().nullable(),
    }),
    default: { reportingCurrency: DEFAULT_REPORTING_CURRENCY, caseThresholdMinor: 1_000_000 },
  },
  /** Where detractor alerts go besides the CSM's inbox. */
  alerts: {
    schema: z.object({
      /** A Slack incoming-webhook URL, or null for none. */
      slackWebhookUrl: z
        .string()
        .url()
        .refine((url) => url.startsWith("https://hooks.slack.com/"), "use a Slack incoming-webhook URL (https://hooks.slack.com/…)")
        .nullable(),
      /** The language Slack posts are written in; absent until chosen: the team's (Japanese on Tokyo time, else English). */
      slackLanguage: z.enum(["en", "ja"]).optional(),
    }),
    default: { slackWebhookUrl: null },
  },
  /** Where a promoter is asked to write a review (G2, ITreview, …); no review ask while null. */
  promoterActions: {
    schema: z.object({
      reviewUrl: z
        .string()
        .url()
        .refine((url) => /^https?:\/\//.test(url), "use an http(s) address")
        .nullable(),
    }),
    default: { reviewUrl: null },
  },
  /** The community: who may read it, and the guidelines members accept (app/domain/community-settings.ts). */
  community: { schema: CommunitySettings, default: DEFAULT_COMMUNITY_SETTINGS },
  /** How long a question waits for an answer before it joins the console's unanswered queue (app/domain/community-console.ts). */
  communityQueue: { schema: CommunityQueueSettings, default: DEFAULT_COMMUNITY_QUEUE_SETTINGS },
  /** The community's posting rules: holding, limits per trust level, blocked words (app/domain/posting-rules.ts). */
  communityRules: { schema: CommunityRules, default: DEFAULT_COMMUNITY_RULES },
  /** Usage events from the product: how long raw events are kept (their day rollups stay). */
  usage: { schema: z.object({ retentionDays: z.number().int().min(30).max(3650) }), default: { retentionDays: 400 } },
  /** How the CS team signs in: whether admins who sign in with a password must use a second factor (docs/decisions/044). */
  staffSignIn: { schema: z.object({ requireTwoFactorForAdmins: z.boolean() }), default: { requireTwoFactorForAdmins: false } },
  /** Onboarding guides: publishing a guide enrols accounts that started at most this many days ago (decision 049). */
  guides: { schema: z.object({ enrolWithinDays: z.number().int().min(0).max(365) }), default: { enrolWithinDays: 30 } },
  /**
   * Stalled onboarding: a low-touch account gets a task for its CSM and a tech-touch one lands in the
   * pooled stalled list; a high-touch account is its CSM's to notice unless this is on, then it gets
   * a task too.
   */
  onboardingStall: { schema: z.object({ highTouchTasks: z.boolean() }), default: { highTouchTasks: false } },
  /** Revenue and retention (decision 055): the month the fiscal year starts in, and the churn reasons admins keep. */
  revenue: { schema: RevenueSettings, default: DEFAULT_REVENUE_SETTINGS },
} as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The team's IANA zone: its calendar days are the days every count, filter and digest uses (decision 017). */
export function teamTimeZone(): string {
  return getSetting("closeTheLoop").timeZone;
}

/** Today's date (`YYYY-MM-DD`) on the team's calendar. */
export function teamToday(now = Date.now()): string {
  return dayInZone(now, teamTimeZone());
}

type Key = keyof typeof SETTINGS;
type Value<K extends Key> = z.infer<(typeof SETTINGS)[K]["schema"]>;

export function getSetting<K extends Key>(key: K): Value<K> {
  const row = db.select().from(settings).where(eq(settings.key, key)).get();
  const parsed = row ? SETTINGS[key].schema.safeParse(row.value) : null;
  return (parsed?.success ? parsed.data : SETTINGS[key].default) as Value<K>;
}

export function putSetting<K extends Key>(key: K, value: Value<K>) {
  const checked = SETTINGS[key].schema.parse(value);
  db.insert(settings)
    .values({ key, value: checked })
    .onConflictDoUpdate({ target: settings.key, set: { value: checked } })
    .run();
}

/** The survey a contact answered: the campaign's snapshot when it has a readable one, else today's definition. */
export function answeredSurvey(campaignSurvey: unknown): SurveyDefinition {
  const snapshot = SurveyDefinition.safeParse(campaignSurvey);
  return snapshot.success ? snapshot.data : getSetting("npsSurvey");
}
