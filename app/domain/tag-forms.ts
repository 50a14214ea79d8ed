import { z } from "zod";
import { MAX_TAG_NAME_LENGTH } from "./rule-tags";
import { MAX_KEYWORD_LENGTH, MAX_KEYWORDS_PER_RULE } from "./tag-rules";

/**
 * The tag page's forms (`/cs/tags`), told apart by `intent`: create, rename, delete, and a tag's
 * keyword rule. The tag services check the rest (a name's length after trimming, duplicates,
 * each keyword) and their refusals land on the same fields (`name`, `keywords`).
 */
const tagId = z.number("Choose a tag.").int("Choose a tag.").positive("Choose a tag.");
/** A tag name as typed (the tag services trim it and check its length after trimming). */
export const TagName = z.string("Type a tag name.").max(200, `Keep tag names to ${MAX_TAG_NAME_LENGTH} characters.`);

export const TagForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: TagName }),
  z.object({ intent: z.literal("rename"), tagId, name: TagName }),
  z.object({ intent: z.literal("delete"), tagId }),
  z.object({
    intent: z.literal("rule"),
    tagId,
    /** Empty: the tag stops tagging automatically. */
    keywords: z
      .string()
      .max(MAX_KEYWORDS_PER_RULE * (MAX_KEYWORD_LENGTH + 2) * 2, "That is more text than a rule can hold.")
      .optional()
      .transform((text) => text ?? ""),
  }),
]);
export type TagForm = z.infer<typeof TagForm>;
