import { eq } from "drizzle-orm";
import { z } from "zod";
import { settings } from "../../db/schema";
import { DEFAULT_THRESHOLDS } from "../domain/segments";
import { DEFAULT_SURVEY, SurveyDefinition } from "../domain/survey";
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
} as const;

type Key = keyof typeof SETTINGS;
type Value<K extends Key> = z.infer<(typeof SETTINGS)[K]["schema"]>;

export function getSetting<K extends Key>(key: K): Value<K> {
  const row = db.select().from(settings).where(eq(settings.key, key)).get();
  const parsed = row ? SETTINGS[key].schema.safeParse(row.value) : null;
  return (parsed?.success ? parsed.data : SETTINGS[key].default) as Value<K>;
}

export function putSetting<K extends Key>(key: K, value: Value<K>) {
  const checked = SETTINGS[key].schema.parse(value);
  db.insert(settings).values({ key, value: checked }).onConflictDoUpdate({ target: settings.key, set: { value: checked } }).run();
}
