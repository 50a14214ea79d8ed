import { z } from "zod";
import { fieldMessage } from "./field-message";
import { MAX_TAG_NAME_LENGTH } from "./rule-tags";
import { MAX_KEYWORD_LENGTH, MAX_KEYWORDS_PER_RULE } from "./tag-rules";

/**
 * The tag page's forms (`/cs/tags`), told apart by `intent`: create, rename, delete, and a tag's
 * keyword rule. The tag services check the rest (a name's length after trimming, duplicates,
 * each keyword) and their refusals land on the same fields (`name`, `keywords`). Messages are
 * codes (`fieldMessage`) that the page words in the reader's language.
 */
const chooseTag = fieldMessage("tagPick");
const tagId = z.number(chooseTag).int(chooseTag).positive(chooseTag);
const nameBounds = fieldMessage("tagName", { max: MAX_TAG_NAME_LENGTH });
/** A tag name as typed (the tag services trim it and check its length after trimming). */
export const TagName = z.string(nameBounds).max(200, nameBounds);

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
      .max(MAX_KEYWORDS_PER_RULE * (MAX_KEYWORD_LENGTH + 2) * 2, fieldMessage("tagKeywordsTooMuchText"))
      .optional()
      .transform((text) => text ?? ""),
  }),
]);
export type TagForm = z.infer<typeof TagForm>;
