import { z } from "zod";
import { SEGMENTS } from "../../db/schema";
import { searchMatchQuery, SEARCH_MAX_LENGTH } from "../domain/comment-search";
import { CATEGORIES, type Category } from "../domain/nps";
import { isCalendarDate } from "../domain/rows";
import type { ErrorCode, ErrorParams } from "../domain/service-error";
import { zoneDayRange } from "../domain/zone-days";
import type { Segment } from "../domain/segments";
import { findFollowUpsForResponses } from "../models/case.server";
import { dashboardFilterOptions } from "../models/nps-dashboard.server";
import {
  countResponsesByCategory,
  keyAfter,
  listResponsePage,
  NO_RENEWAL,
  responsesVersion,
  RESPONSE_SORTS,
  type ResponseListFilters,
  type ResponseListKey,
  type ResponseListRow,
  type ResponseSort,
} from "../models/response-list.server";
import { getSetting, teamTimeZone } from "../models/settings.server";
import { decodeCursor as decodeCursorJson, encodeCursor as encodeCursorJson } from "../utils/api-query.server";

export const RESPONSE_PAGE_SIZE = 50;

const id = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, "must be an id (a positive whole number)")
  .transform(Number);
const day = z.string().refine(isCalendarDate, "must be a date, YYYY-MM-DD");

/*
 * The cursor is the last row's sort key as base64url JSON: opaque to people, checked like any
 * other input, so an edited one is a 400 and never reaches SQL as anything but numbers and a date.
 */
const whole = z.number().int().safe();
const CursorKey = z.discriminatedUnion("sort", [
  z
    .object({
      sort: z.literal("stake"),
      k: z.tuple([whole.min(-1), z.string().refine((v) => v === NO_RENEWAL || isCalendarDate(v)), whole.positive(), whole, whole.positive()]),
    })
    .strict(),
  z.object({ sort: z.literal("newest"), k: z.tuple([whole, whole.positive()]) }).strict(),
  z.object({ sort: z.literal("score"), k: z.tuple([whole.min(0).max(10), whole, whole.positive()]) }).strict(),
]);

/** The opaque `after` parameter for the page that follows `key`. */
export function encodeCursor(key: ResponseListKey): string {
  const k =
    key.sort === "stake"
      ? [key.stake, key.renewalKey, key.accountId, key.createdAt, key.id]
      : key.sort === "newest"
        ? [key.updatedAt, key.id]
        : [key.score, key.updatedAt, key.id];
  return encodeCursorJson({ sort: key.sort, k });
}

/** The key inside a cursor, or null when it is not one this page wrote. */
export function decodeCursor(cursor: string): ResponseListKey | null {
  const parsed = CursorKey.safeParse(decodeCursorJson(cursor));
  if (!parsed.success) return null;
  const cursorKey = parsed.data;
  switch (cursorKey.sort) {
    case "stake": {
      const [stake, renewalKey, accountId, createdAt, responseId] = cursorKey.k;
      return { sort: "stake", stake, renewalKey, accountId, createdAt, id: responseId };
    }
    case "newest":
      return { sort: "newest", updatedAt: cursorKey.k[0], id: cursorKey.k[1] };
    case "score":
      return { sort: "score", score: cursorKey.k[0], updatedAt: cursorKey.k[1], id: cursorKey.k[2] };
  }
}

const ResponseListParams = z
  .object({
    category: z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(", ")}` }).optional(),
    q: z.string().trim().max(SEARCH_MAX_LENGTH, `must be at most ${SEARCH_MAX_LENGTH} characters`).optional(),
    segment: z.enum(SEGMENTS, { error: `must be one of ${SEGMENTS.join(", ")}` }).optional(),
    csm: id.optional(),
    campaign: id.optional(),
    from: day.optional(),
    to: day.optional(),
    sort: z.enum(RESPONSE_SORTS, { error: `must be one of ${RESPONSE_SORTS.join(", ")}` }).optional(),
    after: z.string().optional(),
  })
  .strict();

export type ResponseListQuery = {
  category: Category | null;
  q: string | null;
  segment: Segment | null;
  csm: number | null;
  campaign: number | null;
  from: string | null;
  to: string | null;
  sort: ResponseSort;
  after: string | null;
};

/** A query string the list refuses: a code of the console's `errors` and its params, worded by the page. */
export type ResponseListQueryRefusal = { ok: false; code: ErrorCode; params: ErrorParams };
export type ParsedResponseListQuery = { ok: true; query: ResponseListQuery; after: ResponseListKey | null } | ResponseListQueryRefusal;

/** What each parameter accepts, as the refusal names it (codes and formats, the same in every language). */
const ALLOWED: Record<string, string> = {
  category: CATEGORIES.join(" | "),
  q: `≤ ${SEARCH_MAX_LENGTH}`,
  segment: SEGMENTS.join(" | "),
  csm: "1, 2, 3…",
  campaign: "1, 2, 3…",
  from: "YYYY-MM-DD",
  to: "YYYY-MM-DD",
  sort: RESPONSE_SORTS.join(" | "),
};

/** Reads the list's query string; empty values (a filter left on "All") count as absent. */
export function parseResponseListQuery(params: URLSearchParams): ParsedResponseListQuery {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value.trim() !== "") raw[key] = value;
  const parsed = ResponseListParams.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === "unrecognized_keys") return { ok: false, code: "queryUnknownParameter", params: { names: issue.keys.join(", ") } };
    const name = String(issue.path[0] ?? "query");
    return { ok: false, code: "queryInvalidParameter", params: { name, value: raw[name] ?? "", allowed: ALLOWED[name] ?? "" } };
  }
  const p = parsed.data;
  if (p.from && p.to && p.from > p.to) return { ok: false, code: "queryFromAfterTo", params: { from: p.from, to: p.to } };
  const sort = p.sort ?? "stake";
  let after: ResponseListKey | null = null;
  if (p.after) {
    after = decodeCursor(p.after);
    // A position this list did not write, or one written for another order.
    if (!after || after.sort !== sort) return { ok: false, code: "queryInvalidPosition", params: {} };
  }
  return {
    ok: true,
    after,
    query: {
      category: p.category ?? null,
      q: p.q ? p.q : null,
      segment: p.segment ?? null,
      csm: p.csm ?? null,
      campaign: p.campaign ?? null,
      from: p.from ?? null,
      to: p.to ?? null,
      sort,
      after: p.after ?? null,
    },
  };
}

/*
 * Counting a category means reading its index (tens of ms on a million responses) while a page
 * costs a few: counts are kept for a minute per filter set, and at once replaced when a
 * response arrives or changes. Paging through a list then costs only its pages.
 */
const COUNTS_TTL_MS = 60_000;
const COUNTS_CACHE_SIZE = 200;
const countsCache = new Map<string, { version: string; at: number; counts: Record<Category, number> }>();

function cachedCounts(filters: ResponseListFilters, now = Date.now()): Record<Category, number> {
  const { category: _category, ...rest } = filters;
  const key = JSON.stringify(rest);
  const version = responsesVersion();
  const hit = countsCache.get(key);
  if (hit && hit.version === version && now - hit.at < COUNTS_TTL_MS) return hit.counts;
  const counts = countResponsesByCategory(rest, getSetting("npsSurvey").thresholds);
  countsCache.delete(key);
  countsCache.set(key, { version, at: now, counts });
  // Map keeps insertion order: the first key is the least recently computed.
  if (countsCache.size > COUNTS_CACHE_SIZE) countsCache.delete(countsCache.keys().next().value!);
  return counts;
}

/** The follow-up case of a listed response: status, owner and due time. */
export type ResponseFollowUp = ReturnType<typeof findFollowUpsForResponses> extends Map<number, infer V> ? V : never;
export type ResponseListItem = ResponseListRow & { followUp: ResponseFollowUp | null };

export type ResponseList = {
  query: ResponseListQuery;
  rows: ResponseListItem[];
  counts: Record<Category | "all", number>;
  /** The `after` value of the next page, null on the last page. */
  next: string | null;
  options: ReturnType<typeof dashboardFilterOptions>;
};

/** The model's filters for a list query; `match` is the query's search as an FTS5 expression. */
export function responseListFilters(query: ResponseListQuery, match: string | null, timeZone = teamTimeZone()): ResponseListFilters {
  return {
    category: query.category,
    match,
    segment: query.segment,
    csmUserId: query.csm,
    campaignId: query.campaign,
    // The days are the team's: from the start of the first one up to the end of the last (decision 017).
    fromMs: query.from ? zoneDayRange(query.from, timeZone).start : null,
    toMs: query.to ? zoneDayRange(query.to, timeZone).end : null,
    fromDay: query.from ?? null,
    toDay: query.to ?? null,
  };
}

/** One page of responses with the tab counts and the filter choices. */
export function listResponses(query: ResponseListQuery, after: ResponseListKey | null, pageSize = RESPONSE_PAGE_SIZE): ResponseList {
  const match = query.q ? searchMatchQuery(query.q) : null;
  const filters = responseListFilters(query, match);
  // A search of only punctuation has nothing to look for: it matches nothing rather than everything.
  const searchable = !query.q || match !== null;
  const counts = searchable ? cachedCounts(filters) : { promoter: 0, passive: 0, detractor: 0 };
  // A search's tab count tells the page how common its word is (see `stakeSearchByWalk`).
  const expected = match === null ? undefined : query.category ? counts[query.category] : counts.promoter + counts.passive + counts.detractor;
  const page = searchable ? listResponsePage(filters, query.sort, after, pageSize + 1, undefined, expected) : [];
  const listed = page.slice(0, pageSize);
  // The page's cases in one probe of `cases_response_idx` per row, rather than a join the
  // page queries' plans would have to carry.
  const followUps = findFollowUpsForResponses(listed.map((row) => row.id));
  const rows = listed.map((row) => ({ ...row, followUp: followUps.get(row.id) ?? null }));
  const last = listed.at(-1);
  return {
    query,
    rows,
    counts: { ...counts, all: counts.promoter + counts.passive + counts.detractor },
    next: page.length > pageSize && last ? encodeCursor(keyAfter(last, query.sort)) : null,
    options: dashboardFilterOptions(),
  };
}
