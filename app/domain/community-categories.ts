import { z } from "zod";
import { fieldMessage } from "./field-message";
import { hasControlCharacters } from "./header-text";
import type { Segment } from "./segments";

/*
 * The console's community category form (create and edit), shared by the page's browser check,
 * its action and the service. Slugs are chosen once, at creation, and never change: links, the
 * API and the new-topic form's `category` field name categories by slug.
 */

/** What a category holds (db/schema/community.ts CATEGORY_KINDS, repeated here so the browser bundle needs no schema). */
export const CATEGORY_KIND_VALUES = ["qa", "discussion", "announcements", "ideas", "use_cases", "events"] as const;
export type CategoryKindValue = (typeof CATEGORY_KIND_VALUES)[number];

/**
 * The kinds an admin may choose today. Ideas, use cases and events arrive with their own pages
 * (a later issue): each joins this list then, and the form, its labels and the checks follow.
 */
export const SELECTABLE_CATEGORY_KINDS = ["qa", "discussion", "announcements", "ideas", "use_cases"] as const satisfies readonly CategoryKindValue[];

/** The categories every database has: their slugs are a public contract, and so is what they hold. */
export const DEFAULT_CATEGORY_KINDS: Readonly<Record<string, CategoryKindValue>> = {
  questions: "qa",
  tips: "discussion",
  announcements: "announcements",
  ideas: "ideas",
  // stories: customer stories live in their own pages (/community/stories), beside this category
  stories: "use_cases",
  // user-group events live in their own pages (/community/events), beside this category
  events: "events",
};

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
  .refine((value) => !hasControlCharacters(value), fieldMessage("communityTextControl"));

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
  kind: z.enum(SELECTABLE_CATEGORY_KINDS, fieldMessage("communityCategoryKind")),
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

/** WCAG 2 relative luminance of `#rrggbb`. */
export function relativeLuminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The text colour for a category badge: black or white, whichever reads better on it. One
 * of the two always reaches at least 4.5:1 (WCAG AA for normal text), whatever colour the admin
 * picks, so no choice of colour makes a category's name unreadable.
 */
export function badgeTextColour(background: string): "#000000" | "#ffffff" {
  return contrastRatio(background, "#000000") >= contrastRatio(background, "#ffffff") ? "#000000" : "#ffffff";
}

/** A swatch on a white page needs an outline when its colour is too pale to see (under 3:1, WCAG's non-text contrast). */
export function swatchNeedsOutline(background: string): boolean {
  return contrastRatio(background, "#ffffff") < 3;
}
