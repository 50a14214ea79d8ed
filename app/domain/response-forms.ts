import { z } from "zod";
import { fieldMessage } from "./field-message";
import { formId } from "./form-input";
import { TagName } from "./tag-forms";

/*
 * The forms on a response: its page's tag and promoter-action forms (`/cs/responses/:id`, told
 * apart by `intent`) and the untagged queue's quick tag (`/cs/responses/untagged`). The tagging
 * and promoter services check their input with the same pieces.
 */

/** The promoter actions a CSM can record (the database's list of kinds is the same). */
export const PROMOTER_ACTION_KINDS = ["reference", "community", "review"] as const;
export const PromoterActionKind = z.enum(PROMOTER_ACTION_KINDS, fieldMessage("promoterActionChoose"));

export const TagId = formId(fieldMessage("tagPick"));
export const ResponseId = formId(fieldMessage("responseChoose"));

/** One tag on one response: what the quick-tag buttons post, and what removing a tag takes. */
export const ResponseTagInput = z.object({ responseId: ResponseId, tagId: TagId });

/** Tagging by hand: an existing tag by id, or a tag by name (created if new). */
export const ManualTagInput = z.union([ResponseTagInput, z.object({ responseId: ResponseId, name: TagName })], { error: fieldMessage("tagPick") });

/** A promoter action on a response. */
export const PromoterActionInput = z.object({ responseId: ResponseId, kind: PromoterActionKind });

/** The untagged queue's row form: the row's response (hidden) and the tag button pressed. */
export const QuickTagForm = ResponseTagInput;

export const RESPONSE_FORM_INTENTS = ["add-tag", "new-tag", "remove-tag", "promoter"] as const;
export type ResponseFormIntent = (typeof RESPONSE_FORM_INTENTS)[number];

/** The response page's forms (the response itself is the page's address). */
export const ResponseForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("add-tag"), tagId: TagId }),
    z.object({ intent: z.literal("new-tag"), name: TagName }),
    z.object({ intent: z.literal("remove-tag"), tagId: TagId }),
    z.object({ intent: z.literal("promoter"), kind: PromoterActionKind }),
  ],
  { error: fieldMessage("formUnknown") },
);
export type ResponseForm = z.infer<typeof ResponseForm>;
