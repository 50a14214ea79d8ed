import { z } from "zod";
import { CASE_NOTE_MAX_LENGTH, CASE_REPLY_MAX_LENGTH, CASE_STATUSES, CLOSE_REASON_MAX_LENGTH, MAX_BULK_ASSIGN } from "./case-workflow";
import { fieldMessage } from "./field-message";
import { formId } from "./form-input";

/*
 * The forms that work cases: the case page's four (`/cs/cases/:id`, told apart by `intent`) and
 * the response list's bulk assign (`/cs/responses`). Each form's fields are the schemas the case
 * services check their own input with, so a bound cannot differ between the page and the service.
 */

/** A status change: where to, and why (won't fix must say why; the workflow checks that). */
export const CaseStatusChange = z.object({
  status: z.enum(CASE_STATUSES, fieldMessage("caseStatusChoose")),
  reason: z
    .string()
    .max(CLOSE_REASON_MAX_LENGTH, fieldMessage("caseCloseReasonTooLong", { max: CLOSE_REASON_MAX_LENGTH }))
    .nullish()
    .transform((reason) => reason ?? null),
});

/** An internal note: something to say, within the bound. */
export const CaseNote = z.object({
  note: z
    .string(fieldMessage("caseNoteEmpty"))
    .trim()
    .min(1, fieldMessage("caseNoteEmpty"))
    .max(CASE_NOTE_MAX_LENGTH, fieldMessage("caseNoteTooLong", { max: CASE_NOTE_MAX_LENGTH })),
});

/** A reply to the respondent: something to say, within the bound. */
export const CaseReply = z.object({
  reply: z
    .string(fieldMessage("caseReplyEmpty"))
    .trim()
    .min(1, fieldMessage("caseReplyEmpty"))
    .max(CASE_REPLY_MAX_LENGTH, fieldMessage("caseReplyTooLong", { max: CASE_REPLY_MAX_LENGTH })),
});

/** Who a case goes to: a user id, or null for nobody (the service checks the user may own cases). */
export const CaseOwnerId = formId(fieldMessage("caseOwnerChoose")).nullable();

/** The owner as a select posts it: a user's id, or "none". */
const ownerChoice = z.union([z.literal("none").transform(() => null), formId(fieldMessage("caseOwnerChoose"))], { error: fieldMessage("caseOwnerChoose") });

/** A bulk selection of cases or responses: at least one, at most `MAX_BULK_ASSIGN`. */
export function SelectedIds(what: "case" | "response") {
  return z
    .array(formId(fieldMessage("selectionInvalid")), fieldMessage("selectionInvalid"))
    .min(1, fieldMessage("selectAtLeastOne", { context: what }))
    .max(MAX_BULK_ASSIGN, fieldMessage("selectAtMost", { context: what, max: MAX_BULK_ASSIGN }));
}

export const CASE_FORM_INTENTS = ["status", "assign", "note", "reply"] as const;
export type CaseFormIntent = (typeof CASE_FORM_INTENTS)[number];

/** The case page's forms; field names are the page's (`status`, `reason`, `owner`, `note`, `reply`). */
export const CaseForm = z.discriminatedUnion(
  "intent",
  [
    CaseStatusChange.extend({ intent: z.literal("status") }),
    z.object({ intent: z.literal("assign"), owner: ownerChoice }),
    CaseNote.extend({ intent: z.literal("note") }),
    CaseReply.extend({ intent: z.literal("reply") }),
  ],
  { error: fieldMessage("formUnknown") },
);
export type CaseForm = z.infer<typeof CaseForm>;

/**
 * The response list's bulk assign: the ticked rows (`response`, one box a row) and the owner.
 * A box's value that is not an id is the selection's fault, named on the group, not on a box.
 */
export const BulkAssignForm = z.object({
  response: z
    .array(z.string(), fieldMessage("selectionInvalid"))
    .refine((values) => values.every((value) => /^[1-9]\d{0,9}$/.test(value)), fieldMessage("selectionInvalid"))
    .transform((values) => values.map(Number))
    .pipe(SelectedIds("response")),
  owner: ownerChoice,
});
export type BulkAssignForm = z.infer<typeof BulkAssignForm>;
