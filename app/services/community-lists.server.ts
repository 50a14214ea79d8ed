import { maySeeCategory, startTopicRefusal, TOPICS_PER_PAGE, topicPath } from "../domain/community-rules";
import type { Language } from "../locales";
import { listCategories, type CommunityCategory } from "../models/community-category.server";
import { listPinnedTopics, listTopics, type TopicCursor, type TopicListRow, type TopicTab } from "../models/community-topic.server";
import type { CommunityReadScope, CommunityReader } from "../utils/community-access.server";

/** The categories this reader may see, in the admin's order. */
export function visibleCategories(reader: Pick<CommunityReader, "staff" | "segment">): CommunityCategory[] {
  return listCategories().filter((category) => maySeeCategory(reader, category));
}

export type CategoryView = {
  slug: string;
  name: string;
  description: string;
  colour: string;
  kind: string;
  topicCount: number;
  postCount: number;
  staffOnlyTopics: boolean;
  restricted: boolean;
};

/** A category's colour as the pages draw it: `#rrggbb` only (it lands in an SVG attribute). */
export function safeColour(colour: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? colour : "#4f46e5";
}

export function categoryView(category: CommunityCategory, language: Language): CategoryView {
  return {
    slug: category.slug,
    name: language === "ja" ? category.nameJa : category.nameEn,
    description: language === "ja" ? category.descriptionJa : category.descriptionEn,
    colour: safeColour(category.colour),
    kind: category.kind,
    topicCount: category.topicCount,
    postCount: category.postCount,
    staffOnlyTopics: category.staffOnlyTopics,
    restricted: Array.isArray(category.segments) && category.segments.length > 0,
  };
}

export type TopicItem = {
  id: number;
  title: string;
  path: string;
  category: { slug: string; name: string; colour: string } | null;
  authorName: string;
  authorHandle: string;
  authorIsStaff: boolean;
  replies: number;
  likes: number;
  solved: boolean;
  pinned: boolean;
  locked: boolean;
  hidden: boolean;
  lastPostedAt: string;
};

/** List rows as the pages show them: the category's name in the reader's language, solved only in Q&A. */
export function topicItems(rows: TopicListRow[], categories: CommunityCategory[], language: Language): TopicItem[] {
  const byId = new Map(categories.map((category) => [category.id, category]));
  return rows.map((row) => {
    const category = byId.get(row.categoryId);
    return {
      id: row.id,
      title: row.title,
      path: topicPath(row),
      category: category
        ? { slug: category.slug, name: language === "ja" ? category.nameJa : category.nameEn, colour: categoryView(category, language).colour }
        : null,
      authorName: row.authorName,
      authorHandle: row.authorHandle,
      authorIsStaff: row.authorIsStaff,
      replies: row.replyCount,
      likes: row.likeCount,
      solved: category?.kind === "qa" && row.acceptedPostId !== null,
      pinned: row.pinnedAt !== null,
      locked: row.lockedAt !== null,
      hidden: row.hiddenAt !== null,
      lastPostedAt: row.lastPostedAt.toISOString(),
    };
  });
}

/** `?after=` of a list page: the previous page's last sort key, as whole numbers joined by dots; anything else is the first page. */
export function parseCursor(value: string | null, tab: TopicTab): TopicCursor | null {
  if (!value) return null;
  const parts = value.split(".");
  if (parts.length !== (tab === "top" ? 3 : 2) || !parts.every((part) => /^\d{1,15}$/.test(part))) return null;
  return parts.map(Number);
}

export function cursorParam(cursor: TopicCursor | null): string | null {
  return cursor ? cursor.join(".") : null;
}

/** The home page's lists: `latest` and `top` over every category the reader sees, `unsolved` over its Q&A categories only. */
export function communityHome(reader: CommunityReadScope, tab: TopicTab, cursor: TopicCursor | null) {
  const categories = visibleCategories(reader);
  const listed = tab === "unsolved" ? categories.filter((category) => category.kind === "qa") : categories;
  const categoryIds = listed.map((category) => category.id);
  const pinned = cursor || tab !== "latest" ? [] : listPinnedTopics({ categoryIds, staff: reader.staff, scope: "global" });
  const page = listTopics({ categoryIds, staff: reader.staff, tab, cursor, limit: TOPICS_PER_PAGE, leaveOut: tab === "latest" ? "pinnedGlobally" : undefined });
  return {
    categories: categories.map((category) => categoryView(category, reader.language)),
    pinned: topicItems(pinned, categories, reader.language),
    topics: topicItems(page.topics, categories, reader.language),
    next: cursorParam(page.next),
  };
}

export type SolvedFilter = "all" | "solved" | "unsolved";

/** A category's page: its pinned topics first (on the first page), then its topics by latest post, continued by keyset; Q&A filters by solved. */
export function categoryPage(reader: CommunityReadScope, slug: string, filter: SolvedFilter, cursor: TopicCursor | null) {
  const categories = visibleCategories(reader);
  // A restricted category is "not found" for a customer outside its segments, exactly like a missing one.
  const category = categories.find((candidate) => candidate.slug === slug);
  if (!category) return null;
  const qa = category.kind === "qa";
  const solved = qa && filter !== "all" ? filter === "solved" : undefined;
  const categoryIds = [category.id];
  const pinned = cursor || solved !== undefined ? [] : listPinnedTopics({ categoryIds, staff: reader.staff, scope: "category" });
  const page = listTopics({
    categoryIds,
    staff: reader.staff,
    tab: "latest",
    cursor,
    limit: TOPICS_PER_PAGE,
    leaveOut: solved === undefined ? "pinned" : undefined,
    solved,
  });
  return {
    category: categoryView(category, reader.language),
    categoryId: category.id,
    mayStartTopic: startTopicRefusal(reader, category) === null,
    filter: qa ? filter : ("all" as const),
    pinned: topicItems(pinned, categories, reader.language),
    topics: topicItems(page.topics, categories, reader.language),
    next: cursorParam(page.next),
  };
}

/** The categories a reader may start a topic in (the new-topic form's choices). */
export function startableCategories(reader: CommunityReader): CategoryView[] {
  return visibleCategories(reader)
    .filter((category) => startTopicRefusal(reader, category) === null)
    .map((category) => categoryView(category, reader.language));
}

/** A member's latest topics for their profile or the portal home, in categories the reader sees. */
export function recentTopics(reader: CommunityReadScope, options: { authorId?: number; limit: number }): TopicItem[] {
  const categories = visibleCategories(reader);
  const page = listTopics({
    categoryIds: categories.map((category) => category.id),
    staff: false,
    tab: "latest",
    limit: options.limit,
    authorId: options.authorId,
  });
  return topicItems(page.topics, categories, reader.language);
}
