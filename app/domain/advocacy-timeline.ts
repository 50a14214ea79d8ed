import { z } from "zod";
import { fieldMessage } from "./field-message";
import { formId } from "./form-input";
import { hasControlCharacters } from "./header-text";

/*
 * The advocacy timeline: dated records of what a contact did for us. Pure: the forms staff use
 * to log references and reviews, the order of the timeline, and the counts by kind.
 */

export const ADVOCACY_KIND_VALUES = [
  "promoter_answer",
  "accepted_answer",
  "like_received",
  "story_published",
  "meetup_attended",
  "meetup_spoke",
  "reference_given",
  "review_written",
] as const;
export type AdvocacyKindValue = (typeof ADVOCACY_KIND_VALUES)[number];

export const REFERENCE_OUTCOMES = ["positive", "neutral", "negative", "unknown"] as const;
export const REVIEW_SITES = ["g2", "capterra", "itreview", "boxil", "trustradius", "other"] as const;

export type TimelineRecord = { id: number; kind: AdvocacyKindValue; at: number };

/** Newest first; records of the same moment by id, newest first, so the order never changes between two reads. */
export function orderTimeline<T extends TimelineRecord>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => b.at - a.at || b.id - a.id);
}

/** How many records of each kind (every kind present, zero when none). */
export function countByKind(records: readonly Pick<TimelineRecord, "kind">[]): Record<AdvocacyKindValue, number> {
  const counts = Object.fromEntries(ADVOCACY_KIND_VALUES.map((kind) => [kind, 0])) as Record<AdvocacyKindValue, number>;
  for (const record of records) counts[record.kind] += 1;
  return counts;
}

/** `YYYY-MM-DD`, a real day, not after `today` (a reference call or a review logged after it happened). */
export function pastDay(today: string) {
  return z
    .string(fieldMessage("advocacyDate"))
    .regex(/^\d{4}-\d{2}-\d{2}$/, fieldMessage("advocacyDate"))
    .refine((value) => {
      const ms = Date.parse(`${value}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value && value <= today;
    }, fieldMessage("advocacyDate"));
}

const text = (max: number, code: "advocacyProspect" | "advocacyNote") =>
  z
    .string(fieldMessage(code, { max }))
    .trim()
    .max(max, fieldMessage(code, { max }))
    .refine((value) => !hasControlCharacters(value), fieldMessage("communityTextControl"));

/** Staff log a reference call (a contact spoke to a prospect for us) or a review the contact wrote. */
export function advocacyLogForm(today: string) {
  return z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("logReference"),
      contactId: formId(fieldMessage("advocacyContact")),
      on: pastDay(today),
      prospect: text(120, "advocacyProspect").pipe(z.string().min(1, fieldMessage("advocacyProspect", { max: 120 }))),
      outcome: z.enum(REFERENCE_OUTCOMES, fieldMessage("advocacyOutcome")),
      note: text(500, "advocacyNote")
        .optional()
        .transform((value) => value ?? ""),
    }),
    z.object({
      intent: z.literal("logReview"),
      contactId: formId(fieldMessage("advocacyContact")),
      on: pastDay(today),
      site: z.enum(REVIEW_SITES, fieldMessage("advocacyReviewSite")),
      url: z
        .string(fieldMessage("advocacyReviewUrl"))
        .trim()
        .max(2_000, fieldMessage("advocacyReviewUrl"))
        .refine((value) => {
          try {
            const url = new URL(value);
            return url.protocol === "https:" || url.protocol === "http:";
          } catch {
            return false;
          }
        }, fieldMessage("advocacyReviewUrl")),
    }),
  ]);
}
export type AdvocacyLogInput = z.output<ReturnType<typeof advocacyLogForm>>;
