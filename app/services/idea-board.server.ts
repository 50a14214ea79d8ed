import { getSetting, teamTimeZone } from "../models/settings.server";
import {
  addDays,
  IDEA_SORTS,
  isIdeaStatus,
  OPEN_IDEA_STATUSES,
  PUBLIC_IDEA_SORTS,
  RENEWING_DAYS,
  ROADMAP_STATUSES,
  type IdeaSort,
  type IdeaStatusValue,
} from "../domain/ideas";
import { topicPath } from "../domain/community-rules";
import { dayInZone } from "../domain/zone-days";
import {
  cursorAfter,
  findIdea,
  hasVoted,
  countRequests,
  listAskingAccounts,
  listBoard,
  listChangesInto,
  listLinkedResponses,
  listRequests,
  listStatusChanges,
  renewingArrOf,
  votedAmong,
  type BoardCursor,
  type BoardQuery,
  type BoardRow,
} from "../models/idea.server";
import type { CommunityReadScope } from "../utils/community-access.server";
import { visibleCategories } from "./community-lists.server";
import { renderMarkdown } from "../utils/markdown.server";

/*
 * What the community's idea pages and the console's ranking show. Members see votes, statuses
 * and the roadmap; the revenue asking (the ARR order and amounts, the accounts) is staff's
 * (decision 045): an order by money would let a member infer which ideas large customers want.
 */

export const BOARD_PAGE = 25;

export function parseBoardCursor(value: string | null): BoardCursor | null {
  const match = value?.match(/^(-?\d{1,16})\.(\d{1,16})$/);
  return match ? { key: Number(match[1]), id: Number(match[2]) } : null;
}
const cursorParam = (cursor: BoardCursor) => `${cursor.key}.${cursor.id}`;

/** The orders a reader may use: staff add the ARR order. */
export const sortsFor = (staff: boolean): readonly IdeaSort[] => (staff ? IDEA_SORTS : PUBLIC_IDEA_SORTS);

export function parseSort(value: string | null, staff: boolean, fallback: IdeaSort): IdeaSort {
  return (sortsFor(staff) as readonly string[]).includes(value ?? "") ? (value as IdeaSort) : fallback;
}

/** `?status=` as a filter: one status, or "open" (the default: not shipped, declined or merged), or "all". */
export function parseStatusFilter(value: string | null): { key: string; statuses: readonly IdeaStatusValue[] | null } {
  if (value === "all") return { key: "all", statuses: null };
  if (value && isIdeaStatus(value)) return { key: value, statuses: [value] };
  return { key: "open", statuses: OPEN_IDEA_STATUSES };
}

const today = () => dayInZone(Date.now(), teamTimeZone());

export type BoardItem = {
  id: number;
  title: string;
  path: string;
  status: IdeaStatusValue;
  votes: number;
  replies: number;
  areas: string[];
  offer: string;
  voted: boolean;
  createdAt: number;
  updatedAt: number;
  /** Staff only; the renewing ARR only where it is shown (the console's ranking), null elsewhere. */
  asking: { accounts: number; arrMinor: number; high: number; low: number; tech: number; renewingMinor: number | null } | null;
};

function items(rows: BoardRow[], reader: Pick<CommunityReadScope, "memberId" | "staff">, withRenewing = false): BoardItem[] {
  const voted = votedAmong(
    rows.map((row) => row.id),
    reader.memberId,
  );
  const day = today();
  // The renewing ARR joins every account of every idea shown (thousands for the top ideas): only for a page that shows it.
  const renewing =
    reader.staff && withRenewing
      ? renewingArrOf(
          rows.map((row) => row.id),
          day,
          addDays(day, RENEWING_DAYS),
        )
      : new Map<number, number>();
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    path: topicPath({ id: row.id, slug: row.slug }),
    status: row.status,
    votes: row.votes,
    replies: row.replies,
    areas: row.areas,
    offer: row.offer,
    voted: voted.has(row.id),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    asking: reader.staff
      ? {
          accounts: row.accounts,
          arrMinor: row.arrMinor,
          high: row.high,
          low: row.low,
          tech: row.tech,
          renewingMinor: withRenewing ? (renewing.get(row.id) ?? 0) : null,
        }
      : null,
  }));
}

/** One page of ideas in an order, with the cursor of the next page (null at the end); `renewing` adds each row's renewing ARR. */
export function boardPage(
  reader: Pick<CommunityReadScope, "memberId" | "staff">,
  { renewing = false, ...query }: Omit<BoardQuery, "limit" | "after"> & { after: string | null; renewing?: boolean },
) {
  const after = parseBoardCursor(query.after);
  const rows = listBoard({ ...query, after, limit: BOARD_PAGE + 1 });
  const more = rows.length > BOARD_PAGE;
  const shown = rows.slice(0, BOARD_PAGE);
  const offset = (query.sort === "trending" ? (after?.id ?? 0) : 0) + shown.length;
  return {
    ideas: items(shown, reader, renewing),
    next: more && shown.length ? cursorParam(cursorAfter(query.sort, shown[shown.length - 1], offset)) : null,
  };
}

/** The community board of an ideas category (`/community/c/:slug`). */
export function ideaBoard(reader: CommunityReadScope, categoryId: number, params: URLSearchParams) {
  const sort = parseSort(params.get("sort"), reader.staff, reader.staff ? "arr" : "votes");
  const status = parseStatusFilter(params.get("status"));
  const page = boardPage(reader, { sort, statuses: status.statuses, categoryIds: [categoryId], after: params.get("after") });
  return {
    sort,
    sorts: sortsFor(reader.staff),
    status: status.key,
    ...page,
    reportingCurrency: reader.staff ? getSetting("currency").reportingCurrency : null,
  };
}

/** The roadmap: planned, in progress and recently shipped ideas, most votes first. */
export function roadmap(reader: CommunityReadScope) {
  const categoryIds = ideaCategoryIds(reader);
  return ROADMAP_STATUSES.map((status) => ({
    status,
    ideas: items(listBoard({ sort: "votes", statuses: [status], categoryIds, limit: status === "shipped" ? 20 : 50 }), { ...reader, staff: false }),
  }));
}

/** The ideas categories this reader may see (a segment-restricted board stays closed to other segments). */
export function ideaCategoryIds(reader: Pick<CommunityReadScope, "staff" | "segment">): number[] {
  return visibleCategories(reader)
    .filter((category) => category.kind === "ideas")
    .map((category) => category.id);
}

export const CHANGELOG_PAGE = 20;

/** The changelog: an entry per idea shipped (its note), newest first. */
export function changelog(reader: CommunityReadScope, before: number | null) {
  const rows = listChangesInto(["shipped"], ideaCategoryIds(reader), CHANGELOG_PAGE + 1, before);
  const shown = rows.slice(0, CHANGELOG_PAGE);
  return {
    entries: shown.map((row) => ({
      id: row.id,
      title: row.title,
      path: topicPath({ id: row.ideaId, slug: row.slug }),
      html: renderMarkdown(row.note),
      createdAt: new Date(row.createdAt).toISOString(),
    })),
    next: rows.length > CHANGELOG_PAGE ? shown[shown.length - 1].id : null,
  };
}

/** The idea part of a topic's page: status, votes, the reader's vote, the status history; the revenue asking for staff. */
export function ideaPanel(reader: CommunityReadScope & { signedIn: boolean; contact: boolean }, topicId: number) {
  const idea = findIdea(topicId);
  if (!idea) return null;
  const voted = hasVoted(idea.id, reader.memberId);
  const open = (OPEN_IDEA_STATUSES as readonly string[]).includes(idea.status);
  const vote: "vote" | "unvote" | "closed" | "signIn" | "staff" = !reader.signedIn
    ? "signIn"
    : !reader.contact
      ? "staff"
      : voted
        ? "unvote"
        : open
          ? "vote"
          : "closed";
  const day = today();
  return {
    id: idea.id,
    status: idea.status,
    problem: idea.problem,
    offer: idea.offer,
    areas: idea.areas,
    votes: idea.votes,
    voted,
    vote,
    history: listStatusChanges(idea.id).map((change) => ({
      id: change.id,
      from: change.fromStatus,
      to: change.status,
      html: renderMarkdown(change.note),
      by: change.byName,
      createdAt: new Date(change.createdAt).toISOString(),
    })),
    staff: reader.staff
      ? {
          accounts: idea.accounts,
          arrMinor: idea.arrMinor,
          segments: { high: idea.high, low: idea.low, tech: idea.tech },
          renewingMinor: renewingArrOf([idea.id], day, addDays(day, RENEWING_DAYS)).get(idea.id) ?? 0,
          trackerUrl: idea.trackerUrl,
          owner: idea.ownerName,
          reportingCurrency: getSetting("currency").reportingCurrency,
          consoleHref: `/cs/community/ideas/${idea.id}`,
        }
      : null,
  };
}
export type IdeaPanel = NonNullable<ReturnType<typeof ideaPanel>>;

/** The console's page of one idea: everything the panel has, plus accounts, requests and linked NPS comments. */
/** The accounts and requests an idea's console page lists: a popular idea has thousands (the CSV export has the figures). */
const DETAIL_ROWS = 100;

export function ideaConsoleDetail(ideaId: number) {
  const idea = findIdea(ideaId);
  if (!idea) return null;
  const day = today();
  return {
    idea,
    renewingMinor: renewingArrOf([idea.id], day, addDays(day, RENEWING_DAYS)).get(idea.id) ?? 0,
    accounts: listAskingAccounts(idea.id, DETAIL_ROWS),
    requests: listRequests(idea.id, DETAIL_ROWS).map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() })),
    requestCount: countRequests(idea.id),
    shownRows: DETAIL_ROWS,
    responses: listLinkedResponses(idea.id).map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() })),
    history: listStatusChanges(idea.id).map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() })),
    reportingCurrency: getSetting("currency").reportingCurrency,
  };
}
