import type { Db } from "../../db/client";
import {
  COMMUNITY_SEARCH_PAGE_SIZE,
  communityMatchQuery,
  highlightPattern,
  markMatches,
  rankCandidates,
  searchSnippet,
  similarTitleQuery,
  type CommunitySearchParams,
} from "../domain/community-search";
import { maySeeCategory, topicPath } from "../domain/community-rules";
import { zoneDaysRange } from "../domain/zone-days";
import { listCategories, type CommunityCategory } from "../models/community-category.server";
import { findMemberByHandle } from "../models/community-member.server";
import { indexCommunityPost, SEARCH_CANDIDATES, searchCandidates, searchHits, similarTopicRows } from "../models/community-search.server";
import { teamTimeZone } from "../models/settings.server";
import type { CommunityReader } from "../utils/community-access.server";
import type { CommunityEvent } from "./community-events.server";

/**
 * The search index's listener on the community events seam: a post written or edited is
 * (re)indexed in the same transaction, one small FTS5 write. Deletions, hides and holds need
 * nothing here: visibility is checked when searching (decision 035).
 */
export function communitySearchListener(tx: Db, event: CommunityEvent): void {
  if (event.kind === "topicStarted" || event.kind === "replied" || event.kind === "postEdited") indexCommunityPost(tx, event.postId);
}

type Reader = Pick<CommunityReader, "staff" | "segment">;

function readableCategories(reader: Reader): CommunityCategory[] {
  return listCategories().filter((category) => maySeeCategory(reader, category));
}

export type CommunitySearchResult = {
  id: number;
  url: string;
  /** The title, escaped, with the matches marked. */
  titleHtml: string;
  /** Part of the best post's text, escaped, with the matches marked. */
  snippetHtml: string;
  /** The best post is a reply (not the question itself). */
  inReply: boolean;
  category: { slug: string; nameEn: string; nameJa: string; colour: string };
  solved: boolean;
  replyCount: number;
  postedAt: Date;
  authorName: string;
};

export type CommunitySearchOutcome = {
  /** Nothing to search for (an empty query or only punctuation): the page shows its help. */
  searched: boolean;
  titleOnly: boolean;
  results: CommunitySearchResult[];
  total: number;
  /** More posts matched than were ranked (a very common word): the page suggests narrowing. */
  capped: boolean;
  page: number;
  pageCount: number;
  /** The categories the reader may filter by. */
  categories: CommunitySearchResult["category"][];
  /** An author filter that names no member. */
  unknownAuthor: boolean;
};

/**
 * Community search for a reader: posts and titles that hold every word typed, one result per
 * topic, best first, in the categories the reader may see. A one-character query looks at
 * titles only. Filters: category (slug), solved/unsolved, author (handle), from/to (the team's
 * days). Input is whatever was typed: it is never FTS5 syntax, and nothing in it is an error.
 */
export function searchCommunity(reader: Reader, params: CommunitySearchParams): CommunitySearchOutcome {
  const readable = readableCategories(reader);
  const categories = readable.map((category) => ({ slug: category.slug, nameEn: category.nameEn, nameJa: category.nameJa, colour: category.colour }));
  const empty: CommunitySearchOutcome = {
    searched: false,
    titleOnly: false,
    results: [],
    total: 0,
    capped: false,
    page: 1,
    pageCount: 0,
    categories,
    unknownAuthor: false,
  };
  const query = communityMatchQuery(params.q);
  if (!query.match) return empty;

  const chosen = params.category ? readable.filter((category) => category.slug === params.category) : readable;
  let authorId: number | undefined;
  if (params.author) {
    const member = findMemberByHandle(params.author);
    if (!member) return { ...empty, searched: true, titleOnly: query.titleOnly, unknownAuthor: true };
    authorId = member.id;
  }
  let from: number | undefined;
  let to: number | undefined;
  if (params.from || params.to) {
    const zone = teamTimeZone();
    if (params.from) from = zoneDaysRange(params.from, params.from, zone).start;
    if (params.to) to = zoneDaysRange(params.to, params.to, zone).end;
  }

  const page = params.page;
  const candidates = searchCandidates(query.match, {
    categoryIds: chosen.map((category) => category.id),
    qaCategoryIds: readable.filter((category) => category.kind === "qa").map((category) => category.id),
    solved: params.solved,
    authorId,
    from,
    to,
  });
  const ranked = rankCandidates(candidates, query.pieces);
  const offset = (page - 1) * COMMUNITY_SEARCH_PAGE_SIZE;
  const found = {
    hits: searchHits(ranked.slice(offset, offset + COMMUNITY_SEARCH_PAGE_SIZE)),
    total: ranked.length,
    capped: candidates.length >= SEARCH_CANDIDATES,
  };
  const byId = new Map(readable.map((category) => [category.id, category]));
  const pattern = highlightPattern(query.pieces);
  const results = found.hits.map((hit): CommunitySearchResult => {
    const category = byId.get(hit.categoryId)!;
    return {
      id: hit.topicId,
      url: topicPath({ id: hit.topicId, slug: hit.slug }),
      titleHtml: markMatches(hit.title, pattern),
      snippetHtml: searchSnippet(hit.source, query.pieces),
      inReply: hit.postNumber > 1,
      category: { slug: category.slug, nameEn: category.nameEn, nameJa: category.nameJa, colour: category.colour },
      solved: hit.solved,
      replyCount: hit.replyCount,
      postedAt: new Date(hit.postedAt),
      authorName: hit.authorName,
    };
  });
  return {
    searched: true,
    titleOnly: query.titleOnly,
    results,
    total: found.total,
    capped: found.capped,
    page,
    pageCount: Math.ceil(found.total / COMMUNITY_SEARCH_PAGE_SIZE),
    categories,
    unknownAuthor: false,
  };
}

export type SimilarTopic = { id: number; title: string; url: string; replyCount: number; solved: boolean };

/** Topics whose titles look like `title` (for the new-topic step), in categories the reader may see. */
export function similarTopics(reader: Reader, title: string, limit = 5): SimilarTopic[] {
  const match = similarTitleQuery(title);
  if (!match) return [];
  const categoryIds = readableCategories(reader).map((category) => category.id);
  return similarTopicRows(match, categoryIds, Math.min(Math.max(limit, 1), 10)).map((row) => ({
    id: row.id,
    title: row.title,
    url: topicPath(row),
    replyCount: row.replyCount,
    solved: Boolean(row.solved),
  }));
}
