import { z } from "zod";
import { fieldMessage } from "./field-message";
import { hasControlCharacters } from "./header-text";

/*
 * Ideas (issue 14): statuses, the revenue asking for an idea and the forms of the board, the
 * idea page's staff panel, the console and the API. Pure: the database keeps the same figures
 * incrementally (triggers of the ideas migration) and these functions say what they must equal.
 */

/** db/schema/ideas.ts IDEA_STATUSES, repeated so the browser bundle needs no schema. */
export const IDEA_STATUS_VALUES = ["new", "under_review", "planned", "in_progress", "shipped", "declined", "duplicate"] as const;
export type IdeaStatusValue = (typeof IDEA_STATUS_VALUES)[number];
/** What staff may set by hand: `duplicate` is what a merge does. */
export const SETTABLE_IDEA_STATUSES = ["new", "under_review", "planned", "in_progress", "shipped", "declined"] as const satisfies readonly IdeaStatusValue[];
/** The public roadmap's columns, in order. */
export const ROADMAP_STATUSES = ["planned", "in_progress", "shipped"] as const satisfies readonly IdeaStatusValue[];
/** Ideas still open: members can vote on them. */
export const OPEN_IDEA_STATUSES = ["new", "under_review", "planned", "in_progress"] as const satisfies readonly IdeaStatusValue[];

export const IDEA_OFFER_VALUES = ["included", "paid_addon", "higher_plan"] as const;
export const IDEA_IMPORTANCE_VALUES = ["nice", "important", "critical"] as const;
export type IdeaImportanceValue = (typeof IDEA_IMPORTANCE_VALUES)[number];

/** The board's orders; `arr` is staff-only on the community pages (decision 045). */
export const IDEA_SORTS = ["arr", "votes", "newest", "trending"] as const;
export type IdeaSort = (typeof IDEA_SORTS)[number];
export const PUBLIC_IDEA_SORTS = ["votes", "newest", "trending"] as const satisfies readonly IdeaSort[];

/** Recent votes that make an idea trending. */
export const TRENDING_DAYS = 14;
/** Renewals this close count as "renewing" ARR. */
export const RENEWING_DAYS = 90;

export const PROBLEM_MAX = 2_000;
export const NOTE_MAX = 2_000;
export const QUOTE_MAX = 2_000;
export const AREA_MAX = 30;
export const AREAS_MAX = 8;

export const isIdeaStatus = (value: unknown): value is IdeaStatusValue => (IDEA_STATUS_VALUES as readonly unknown[]).includes(value);

// ---------------------------------------------------------------- the revenue asking

export type AskingAccount = { id: number; acvReportingMinor: number | null; segment: "high" | "low" | "tech"; renewalDate: string | null };
/** Why accounts ask for an idea: its author's account, its voters' accounts (null: staff), its requests' accounts. */
export type AskingReasons = { authorAccountId: number | null; voterAccountIds: readonly (number | null)[]; requestAccountIds: readonly number[] };
export type Asking = { votes: number; accounts: number; arrMinor: number; segments: { high: number; low: number; tech: number } };

/** The distinct accounts behind an idea: one account counts once however many of its people ask. */
export function askingAccountIds(reasons: AskingReasons): number[] {
  const ids = new Set<number>();
  if (reasons.authorAccountId !== null) ids.add(reasons.authorAccountId);
  for (const id of reasons.voterAccountIds) if (id !== null) ids.add(id);
  for (const id of reasons.requestAccountIds) ids.add(id);
  return [...ids].sort((a, b) => a - b);
}

/** An idea's votes, accounts, ARR (ACVs summed in the reporting currency; an account without a rate adds nothing) and segment counts. */
export function askingOf(reasons: AskingReasons, accounts: ReadonlyMap<number, AskingAccount>): Asking {
  const segments = { high: 0, low: 0, tech: 0 };
  let arrMinor = 0;
  let count = 0;
  for (const id of askingAccountIds(reasons)) {
    const account = accounts.get(id);
    if (!account) continue;
    count++;
    arrMinor += account.acvReportingMinor ?? 0;
    segments[account.segment]++;
  }
  return { votes: reasons.voterAccountIds.length, accounts: count, arrMinor, segments };
}

/** ARR of the accounts behind an idea renewing within `RENEWING_DAYS` of `today` (YYYY-MM-DD). */
export function renewingArr(accountIds: readonly number[], accounts: ReadonlyMap<number, AskingAccount>, today: string): number {
  const until = addDays(today, RENEWING_DAYS);
  let sum = 0;
  for (const id of accountIds) {
    const account = accounts.get(id);
    if (account?.renewalDate && account.renewalDate >= today && account.renewalDate <= until) sum += account.acvReportingMinor ?? 0;
  }
  return sum;
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The board's ARR order: most ARR first, then newest (higher id), as the index reads it. */
export function compareByArr(a: { arrMinor: number; votes: number; id: number }, b: { arrMinor: number; votes: number; id: number }): number {
  return b.arrMinor - a.arrMinor || b.id - a.id;
}

/**
 * A merge of `source` into `target`: votes and requests move; a member who voted both counts once;
 * the source's author becomes a voter of the target (unless they wrote it or voted already).
 */
export function mergedReasons(
  target: AskingReasons & { authorMemberId: number; voterMemberIds: readonly number[] },
  source: AskingReasons & { authorMemberId: number; voterMemberIds: readonly number[] },
): AskingReasons & { voterMemberIds: number[] } {
  const voters = new Map<number, number | null>();
  target.voterMemberIds.forEach((member, i) => voters.set(member, target.voterAccountIds[i]));
  source.voterMemberIds.forEach((member, i) => {
    if (!voters.has(member) && member !== target.authorMemberId) voters.set(member, source.voterAccountIds[i]);
  });
  if (source.authorAccountId !== null && !voters.has(source.authorMemberId) && source.authorMemberId !== target.authorMemberId)
    voters.set(source.authorMemberId, source.authorAccountId);
  return {
    authorAccountId: target.authorAccountId,
    voterMemberIds: [...voters.keys()],
    voterAccountIds: [...voters.values()],
    requestAccountIds: [...target.requestAccountIds, ...source.requestAccountIds],
  };
}

// ---------------------------------------------------------------- forms

const trimmed = (max: number) =>
  z
    .string()
    .trim()
    .max(max, fieldMessage("communityTooLong", { max }))
    .refine((value) => !hasControlCharacters(value.replace(/[\n\r\t]/g, "")), fieldMessage("communityTextControl"));

export const ideaProblem = trimmed(PROBLEM_MAX);

/** A tracker link: an absolute https URL (Jira, Linear, Backlog…), or empty to remove it. */
export const trackerUrl = z
  .string()
  .trim()
  .max(500, fieldMessage("ideaTrackerUrl"))
  .refine((value) => value === "" || isHttpsUrl(value), fieldMessage("ideaTrackerUrl"));

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** Product area tags, typed as a comma-separated list: lower-case words of letters, digits and hyphens. */
export const ideaAreas = z
  .string()
  .max(500, fieldMessage("ideaAreas", { max: AREAS_MAX, length: AREA_MAX }))
  .transform((value) => [
    ...new Set(
      value
        .split(/[,、，\s]+/)
        .map((word) => word.trim().toLowerCase())
        .filter(Boolean),
    ),
  ])
  .refine(
    (areas) => areas.length <= AREAS_MAX && areas.every((area) => /^[\p{L}\p{N}][\p{L}\p{N}-]*$/u.test(area) && area.length <= AREA_MAX),
    fieldMessage("ideaAreas", { max: AREAS_MAX, length: AREA_MAX }),
  );

/** The NPS response page's "link this comment to an idea" form: which response, and the idea by number or address. */
export const IdeaLinkForm = z.object({
  responseId: z
    .string({ error: fieldMessage("invalidId", { value: "" }) })
    .regex(/^[1-9]\d{0,14}$/, fieldMessage("invalidId", { value: "" }))
    .transform(Number),
  idea: z
    .string()
    .max(500)
    .default("")
    .refine((value) => ideaIdOf(value) !== null, fieldMessage("ideaMergeTarget")),
});

export const IdeaStatusForm = z.object({
  status: z.enum(SETTABLE_IDEA_STATUSES, fieldMessage("ideaStatus")),
  note: trimmed(NOTE_MAX).pipe(z.string().min(1, fieldMessage("ideaStatusNote"))),
});
export type IdeaStatusInput = z.output<typeof IdeaStatusForm>;

export const IdeaTriageForm = z.object({
  offer: z.enum(IDEA_OFFER_VALUES, fieldMessage("ideaOffer")),
  trackerUrl,
  areas: ideaAreas,
  /** A staff user's id, or empty for nobody. */
  ownerUserId: z.union([z.literal(""), z.coerce.number().int().positive()], fieldMessage("ideaOwner")),
});
export type IdeaTriageInput = z.output<typeof IdeaTriageForm>;

/** A request on behalf of an account: the console's form and the API's body share the fields. */
export const IdeaRequestFields = z.object({
  quote: trimmed(QUOTE_MAX).optional().default(""),
  importance: z.enum(IDEA_IMPORTANCE_VALUES, fieldMessage("ideaImportance")).optional().default("nice"),
});

export const IdeaRequestForm = IdeaRequestFields.extend({
  account: z.string().trim().min(1, fieldMessage("ideaRequestAccount")).max(200, fieldMessage("ideaRequestAccount")),
  contactEmail: z.string().trim().toLowerCase().max(320).optional().default(""),
});
export type IdeaRequestFormInput = z.output<typeof IdeaRequestForm>;

export const ApiIdeaRequestBody = IdeaRequestFields.extend({
  accountExternalId: z.string().trim().min(1).max(200),
  contactEmail: z.string().trim().toLowerCase().max(320).optional(),
}).strict();

/** Parses "123", "#123" or an idea's address into its id. */
export function ideaIdOf(value: string): number | null {
  const match = value.trim().match(/^(?:#?(\d{1,15})|.*\/community\/t\/(\d{1,15})(?:[/?#].*)?)$/);
  const id = Number(match?.[1] ?? match?.[2]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
