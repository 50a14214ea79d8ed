import { z } from "zod";
import { fieldMessage } from "./field-message";
import { formId } from "./form-input";
import { hasControlCharacters } from "./header-text";

/*
 * Use-case stories (事例): the form a member or staff fill in, the review states, and the consent
 * rules that decide where the customer's company may be named. Pure: the services and pages share it.
 */

export const STORY_STATUS_VALUES = ["draft", "in_review", "published"] as const;
export type StoryStatusValue = (typeof STORY_STATUS_VALUES)[number];

/** Where a customer may agree their story is used. */
export const CONSENT_USES = ["community", "website", "salesDeck"] as const;
export type ConsentUse = (typeof CONSENT_USES)[number];

export const STORY_TITLE_MIN = 5;
export const STORY_TITLE_MAX = 120;
export const STORY_SHORT_MAX = 80;
export const STORY_TEXT_MAX = 5_000;
export const STORY_QUOTE_MAX = 500;
export const STORY_COMMENT_MAX = 2_000;

const line = (max: number) =>
  z
    .string(fieldMessage("storyRequired"))
    .trim()
    .max(max, fieldMessage("storyTooLong", { max }))
    .refine((value) => !hasControlCharacters(value), fieldMessage("communityTextControl"));

const required = (max: number) => line(max).pipe(z.string().min(1, fieldMessage("storyRequired")));

const optionalLine = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => value ?? "")
    .pipe(line(max));

const longText = z
  .string(fieldMessage("storyRequired"))
  .trim()
  .min(1, fieldMessage("storyRequired"))
  .max(STORY_TEXT_MAX, fieldMessage("storyTooLong", { max: STORY_TEXT_MAX }));

/** The results are the point of a story: they must say something measurable (a digit somewhere). */
export function hasNumbers(text: string): boolean {
  return /[0-9０-９]/.test(text);
}

/** The story's own fields, the same for a member and for staff. */
export const StoryFields = z.object({
  title: line(STORY_TITLE_MAX).pipe(z.string().min(STORY_TITLE_MIN, fieldMessage("storyTitle", { min: STORY_TITLE_MIN, max: STORY_TITLE_MAX }))),
  industry: required(STORY_SHORT_MAX),
  productArea: optionalLine(STORY_SHORT_MAX),
  challenge: longText,
  solution: longText,
  results: longText.refine(hasNumbers, fieldMessage("storyResultsNumbers")),
  quote: z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(z.string().max(STORY_QUOTE_MAX, fieldMessage("storyTooLong", { max: STORY_QUOTE_MAX }))),
  quoteBy: optionalLine(STORY_SHORT_MAX),
  language: z.enum(["en", "ja"], fieldMessage("communityLanguage")),
});
export type StoryInput = z.output<typeof StoryFields>;

const comment = z
  .string(fieldMessage("storyComment", { max: STORY_COMMENT_MAX }))
  .trim()
  .min(1, fieldMessage("storyComment", { max: STORY_COMMENT_MAX }))
  .max(STORY_COMMENT_MAX, fieldMessage("storyComment", { max: STORY_COMMENT_MAX }));
export const StoryComment = z.object({ body: comment });

const checkbox = z
  .literal("on")
  .optional()
  .transform((value) => value === "on");

/** A consent staff record: who agreed, on which day, for which uses. */
const consentUsesChosen = (value: { community: boolean; website: boolean; salesDeck: boolean }) => value.community || value.website || value.salesDeck;
const consentObject = z.object({
  contactId: formId(fieldMessage("storyConsentContact")),
  agreedOn: z
    .string(fieldMessage("storyDate"))
    .regex(/^\d{4}-\d{2}-\d{2}$/, fieldMessage("storyDate"))
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), fieldMessage("storyDate")),
  community: checkbox,
  website: checkbox,
  salesDeck: checkbox,
  note: optionalLine(500),
});
export const StoryConsentFields = consentObject.refine(consentUsesChosen, { message: fieldMessage("storyConsentUses"), path: ["community"] });
export type StoryConsentInput = z.output<typeof StoryConsentFields>;

/** The customer's page: what a member may post about their own story. Staff intents are listed so a forged one reaches the service and is refused there. */
export const MemberStoryAction = z.discriminatedUnion("intent", [
  StoryFields.extend({ intent: z.literal("save") }),
  StoryFields.extend({ intent: z.literal("submit") }),
  StoryComment.extend({ intent: z.literal("comment") }),
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("sendBack"), body: comment }),
]);

/** The console's story page. */
export const StaffStoryAction = z.discriminatedUnion("intent", [
  StoryFields.extend({ intent: z.literal("save"), contactId: z.number().int().positive().optional() }),
  StoryComment.extend({ intent: z.literal("comment") }),
  z.object({ intent: z.literal("sendBack"), body: comment }),
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("unpublish") }),
  consentObject.extend({ intent: z.literal("consent") }).refine(consentUsesChosen, { message: fieldMessage("storyConsentUses"), path: ["community"] }),
  z.object({ intent: z.literal("revokeConsent") }),
]);

/** A staff-written story: the fields plus the account (and the contact it is about, optional). */
export const StaffNewStory = StoryFields.extend({
  accountId: formId(fieldMessage("storyAccount")),
  contactId: z.number().int().positive().optional(),
});

/** The consent in force, as the rules below read it (null: none, or revoked). */
export type ConsentUses = { community: boolean; website: boolean; salesDeck: boolean } | null;

/** Whether the consent in force covers a use: a revoked or missing consent covers none. */
export function consentCovers(consent: ConsentUses, use: ConsentUse): boolean {
  return consent !== null && consent[use];
}

/** The company is named (with its logo) in the community only where the consent covers the community. */
export function showsCompanyInCommunity(consent: ConsentUses): boolean {
  return consentCovers(consent, "community");
}

/** Uses the consent covers, in a fixed order (for the console and exports). */
export function coveredUses(consent: ConsentUses): ConsentUse[] {
  return CONSENT_USES.filter((use) => consentCovers(consent, use));
}

/**
 * Whether a story may be published: it is in review (or a draft staff wrote) and a consent is in
 * force. A story is shared only with the customer's agreement; without the community use the
 * company stays anonymous ("a logistics company").
 */
export function publishBlock(status: StoryStatusValue, consent: ConsentUses): "storyWrongStatus" | "storyNeedsConsent" | null {
  if (status === "published") return "storyWrongStatus";
  if (consent === null) return "storyNeedsConsent";
  return null;
}

/** The author may change a story only while it is a draft (in review it is the team's turn). */
export function authorMayEdit(status: StoryStatusValue): boolean {
  return status === "draft";
}

/** Two letters for the company's mark (its logo stand-in): the first letters of its first two words. */
export function companyMonogram(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [...words[0]][0] + [...words[1]][0] : [...(words[0] ?? "?")].slice(0, 2).join("");
  return letters.toUpperCase();
}
