import { z } from "zod";
import { fieldMessage } from "./field-message";
import type { Segment } from "./segments";

/*
 * The console's community category form (create and edit), shared by the page's browser check,
 * its action and the service. Slugs are chosen once, at creation, and never change: links, the
 * API and the new-topic form's `category` field name categories by slug.
 */

/** What a category holds (db/schema/community.ts CATEGORY_KINDS, repeated here so the browser bundle needs no schema). */
export const CATEGORY_KIND_VALUES = ["qa", "discussion", "announcements", "ideas", "use_cases", "events"] as const;
export type CategoryKindValue = (typeof CATEGORY_KIND_VALUES)[number];

/** The categories every database has: their slugs are a public contract, and so is what they hold. */
export const DEFAULT_CATEGORY_KINDS: Readonly<Record<string, CategoryKindValue>> = { questions: "qa", tips: "discussion", announcements: "announcements" };

export const CATEGORY_SEGMENTS = ["high", "low", "tech"] as const satisfies readonly Segment[];

export const CATEGORY_NAME_MAX = 60;
export const CATEGORY_DESCRIPTION_MAX = 500;
export const CATEGORY_SLUG_MAX = 40;

/** Lower-case letters, digits and single hyphens; starts with a letter. */
export const CategorySlug = z
  .string(fieldMessage("communityCategorySlug", { max: CATEGORY_SLUG_MAX }))
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, fieldMessage("communityCategorySlug", { max: CATEGORY_SLUG_MAX }))
  .min(2, fieldMessage("communityCategorySlug", { max: CATEGORY_SLUG_MAX }))
  .max(CATEGORY_SLUG_MAX, fieldMessage("communityCategorySlug", { max: CATEGORY_SLUG_MAX }));

const name = z
  .string(fieldMessage("communityCategoryName"))
  .trim()
  .min(1, fieldMessage("communityCategoryName"))
  .max(CATEGORY_NAME_MAX, fieldMessage("communityTextTooLong", { max: CATEGORY_NAME_MAX }))
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), fieldMessage("communityTextControl"));

const description = z
  .string()
  .trim()
  .max(CATEGORY_DESCRIPTION_MAX, fieldMessage("communityTextTooLong", { max: CATEGORY_DESCRIPTION_MAX }))
  .optional()
  .transform((value) => value ?? "");

/** The editable part of a category: everything but its slug. */
export const CategoryFields = z.object({
  nameEn: name,
  nameJa: name,
  descriptionEn: description,
  descriptionJa: description,
  position: z
    .number(fieldMessage("communityCategoryPosition"))
    .int(fieldMessage("communityCategoryPosition"))
    .min(0, fieldMessage("communityCategoryPosition"))
    .max(9999, fieldMessage("communityCategoryPosition")),
  colour: z
    .string(fieldMessage("communityCategoryColour"))
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, fieldMessage("communityCategoryColour"))
    .transform((value) => value.toLowerCase()),
  kind: z.enum(CATEGORY_KIND_VALUES, fieldMessage("communityCategoryKind")),
  /** A checkbox: present means on. */
  staffOnlyTopics: z
    .literal("on")
    .optional()
    .transform((value) => value === "on"),
  /** Checkboxes; none ticked means every member sees the category. */
  segments: z
    .array(z.enum(CATEGORY_SEGMENTS, fieldMessage("communityCategorySegment")))
    .max(CATEGORY_SEGMENTS.length)
    .optional()
    .transform((values) => (values?.length ? [...new Set(values)].sort() : null)),
});
export type CategoryInput = z.output<typeof CategoryFields>;

export const CategoryForm = z.discriminatedUnion("intent", [
  CategoryFields.extend({ intent: z.literal("create"), slug: CategorySlug }),
  CategoryFields.extend({
    intent: z.literal("update"),
    id: z.number(fieldMessage("communityCategoryMissing")).int(fieldMessage("communityCategoryMissing")).positive(fieldMessage("communityCategoryMissing")),
  }),
]);
export type CategoryFormValue = z.output<typeof CategoryForm>;
