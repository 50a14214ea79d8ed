import { addBusinessDays, isOverdue } from "./business-days";
import type { Money, Segment } from "./segments";
import type { ErrorCode, ErrorParams } from "./service-error";

/*
 * Closing the loop with a detractor: which answers open a follow-up case, when it falls due, and
 * how its status may move. A case is opened, the CSM gets in touch (contacted), and it ends
 * resolved or won't fix; a closed case can be reopened when the customer comes back.
 */

export const CASE_STATUSES = ["open", "contacted", "resolved", "wont_fix"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The statuses a CSM still has to act on: the queue shows these and only these can be overdue. */
export const ACTIVE_CASE_STATUSES = ["open", "contacted"] as const satisfies readonly CaseStatus[];

/** English labels, for English-only text (the console words statuses from `console.shared.caseStatus`). */
export const CASE_STATUS_LABEL: Record<CaseStatus, string> = {
  open: "Open",
  contacted: "Contacted",
  resolved: "Resolved",
  wont_fix: "Won't fix",
};

export const CLOSE_REASON_MAX_LENGTH = 2000;
/** Longest internal note and reply to the respondent (the pages bound their text boxes by these too). */
export const CASE_NOTE_MAX_LENGTH = 5000;
export const CASE_REPLY_MAX_LENGTH = 5000;
/** Most cases (or responses) one bulk assignment takes. */
export const MAX_BULK_ASSIGN = 200;

export function isClosedStatus(status: CaseStatus): boolean {
  return status === "resolved" || status === "wont_fix";
}

/**
 * Where a case may go from each status. Resolving needs contact first: "resolved" means the
 * loop was closed with the customer, so an open case is first marked contacted (a reply does
 * that by itself). Won't fix is a decision that needs no contact. A closed case only reopens,
 * so a change of mind shows in the timeline as a reopening rather than a silent relabel.
 */
const NEXT: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ["contacted", "wont_fix"],
  contacted: ["resolved", "wont_fix"],
  resolved: ["open"],
  wont_fix: ["open"],
};

export function nextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return NEXT[from];
}

/** Why a status change is refused: a code of the console's `errors` and its params, which the page words. */
export type TransitionRefusal = { ok: false; code: ErrorCode; params: ErrorParams };

export type TransitionResult = { ok: true; to: CaseStatus; closeReason: string | null; closed: boolean; reopened: boolean } | TransitionRefusal;

/**
 * Checks a status change and what it records: won't fix must say why; resolved may carry a
 * note; reopening clears the close reason (the old one stays in the timeline). A refusal names
 * the status it is about as its `context`, so each language says "already open" its own way.
 */
export function transitionCase(from: CaseStatus, to: CaseStatus, reason: string | null | undefined): TransitionResult {
  const text = reason?.trim() ? reason.trim() : null;
  if (from === to) return { ok: false, code: "caseAlreadyInStatus", params: { context: to } };
  if (!NEXT[from].includes(to)) return { ok: false, code: "caseTransitionNotAllowed", params: { context: from, to } };
  if (text && text.length > CLOSE_REASON_MAX_LENGTH) return { ok: false, code: "caseCloseReasonTooLong", params: { max: CLOSE_REASON_MAX_LENGTH } };
  if (to === "wont_fix" && !text) return { ok: false, code: "caseWontFixReason", params: {} };
  const closed = isClosedStatus(to);
  return { ok: true, to, closeReason: closed ? text : null, closed, reopened: isClosedStatus(from) && to === "open" };
}

/** Which tech-touch accounts are worth a person's time (see decision 025). */
export type CaseThresholds = {
  /** Minor units of the reporting currency; null: only the per-currency thresholds apply. */
  reporting: number | null;
  /** Minor units per currency: for an account whose currency has no rate in force (or when `reporting` is null). */
  perCurrency: Readonly<Record<string, number>>;
};

/**
 * Whether a detractor gets a follow-up case. High and low touch: always, a person owns those
 * accounts. Tech touch is automated by design, so only accounts worth a person's time get one:
 * ACV in the reporting currency at or above the reporting threshold — one bar for every account,
 * whatever its currency. An account whose currency has no rate in force is held to its
 * currency's own threshold, and a currency with neither gets no case rather than a guess.
 */
export function needsFollowUpCase(segment: Segment, acv: Money & { reporting: number | null }, thresholds: CaseThresholds): boolean {
  if (segment === "high" || segment === "low") return true;
  if (thresholds.reporting !== null && acv.reporting !== null) return acv.reporting >= thresholds.reporting;
  const threshold = Object.hasOwn(thresholds.perCurrency, acv.currency) ? thresholds.perCurrency[acv.currency] : undefined;
  return threshold !== undefined && acv.amount >= threshold;
}

export type FollowUpSla = { slaBusinessDays: number; timeZone: string; holidays: readonly string[] };

/** When a case opened at `openedAt` falls due: the SLA's business days later, in the team's calendar. */
export function followUpDueAt(openedAt: number, sla: FollowUpSla): number {
  return addBusinessDays(openedAt, sla.slaBusinessDays, { timeZone: sla.timeZone, holidays: new Set(sla.holidays) });
}

/** Only a case still waiting on the CSM is overdue; a closed one is done, whenever that was. */
export function isCaseOverdue(status: CaseStatus, dueAt: number, now: number): boolean {
  return !isClosedStatus(status) && isOverdue(dueAt, now);
}

/** Splits a reply into paragraphs at blank lines; single line breaks stay within a paragraph. */
export function replyParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}
