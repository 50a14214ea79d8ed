import {
  mayAcceptAnswer,
  mayDeletePost,
  mayEditPost,
  mayFlagPost,
  mayLikePost,
  maySeeCategory,
  POSTS_PER_PAGE,
  topicPath,
  type CommunityActorFacts,
} from "../domain/community-rules";
import {
  countTopicPosts,
  countTopicPostsUpTo,
  findPost,
  findPostsByIds,
  findReadablePost,
  listPostRevisions,
  listTopicPosts,
  type TopicPostRow,
} from "../models/community-post.server";
import { findTopic, type TopicDetail } from "../models/community-topic.server";
import type { CommunityReader, CommunityReadScope } from "../utils/community-access.server";
import { safeColour } from "./community-lists.server";
import { badgesOf } from "./community-badges.server";

export type PostView = {
  id: number;
  number: number;
  html: string;
  source: string;
  state: string;
  likes: number;
  likedByMe: boolean;
  createdAt: string;
  editedAt: string | null;
  hidden: boolean;
  deleted: boolean;
  author: { name: string; handle: string; staff: boolean; company: string | null; badges: string[] };
  replyTo: { number: number; name: string; href: string } | null;
  /** `reply`: whether to offer "Reply" (a locked topic's page offers none either way). */
  may: { like: boolean; reply: boolean; edit: boolean; delete: boolean; accept: boolean; flag: boolean };
};

/** A topic the reader may see: not deleted, hidden only for staff, in a category open to them. */
export function readableTopic(reader: CommunityReadScope, id: number): TopicDetail | null {
  const topic = findTopic(id);
  if (!topic || topic.deletedAt || (topic.hiddenAt && !reader.staff)) return null;
  if (!maySeeCategory(reader, { segments: topic.category.segments })) return null;
  return topic;
}

/** How many merges a forwarded address follows (a topic merged into one later merged again). */
const MERGE_HOPS = 5;

/**
 * Where the address of a topic merged into another now leads: the topic it ended up in, if the
 * reader may see it (links to a merged topic keep working, as Discourse's do).
 */
export function mergedTopicDestination(reader: CommunityReadScope, id: number): TopicDetail | null {
  let topic = findTopic(id);
  for (let hop = 0; hop < MERGE_HOPS && topic?.deletedAt && topic.mergedIntoId !== null; hop++) {
    const next = readableTopic(reader, topic.mergedIntoId);
    if (next) return next;
    topic = findTopic(topic.mergedIntoId);
  }
  return null;
}

const factsOf = (reader: CommunityReadScope): CommunityActorFacts => ({
  memberId: reader.memberId,
  staff: reader.staff,
  moderator: reader.moderator,
  segment: reader.segment,
});

/** Which page of the topic holds post `postNumber` for this reader (1 when it is not visible to them). */
export function pageOfPost(reader: CommunityReadScope, topicId: number, postNumber: number): number {
  const upTo = countTopicPostsUpTo(topicId, postNumber, { memberId: reader.memberId, staff: reader.staff });
  return Math.max(1, Math.ceil(upTo / POSTS_PER_PAGE));
}

/** The post's address on the topic's pages: the page that holds it and its anchor. */
export function postHref(reader: CommunityReadScope, topic: { id: number; slug: string }, postNumber: number): string {
  const page = pageOfPost(reader, topic.id, postNumber);
  return `${topicPath(topic)}${page > 1 ? `?page=${page}` : ""}#post-${postNumber}`;
}

/**
 * One page of a topic as the reader sees it: the opening post (page 1), the accepted answer
 * right under it (Q&A, page 1), then the replies in order, each with what this reader may do.
 */
/** What a reader may do to a post while suspended: nothing but read (the services refuse the rest too). */
const SUSPENDED: PostView["may"] = { like: false, reply: false, edit: false, delete: false, accept: false, flag: false };

export function topicPage(reader: CommunityReadScope, topic: TopicDetail, requestedPage: number, options: { suspended?: boolean } = {}) {
  const postReader = { memberId: reader.memberId, staff: reader.staff };
  const total = countTopicPosts(topic.id, postReader);
  const pages = Math.max(1, Math.ceil(total / POSTS_PER_PAGE));
  const page = Math.min(Math.max(1, requestedPage), pages);
  const rows = listTopicPosts(topic.id, postReader, { offset: (page - 1) * POSTS_PER_PAGE, limit: POSTS_PER_PAGE });
  const qa = topic.category.kind === "qa";
  const accepted = qa && topic.acceptedPostId !== null ? (findReadablePost(topic.acceptedPostId, postReader) ?? null) : null;
  const replyToIds = [...new Set([...rows, ...(accepted ? [accepted] : [])].map((row) => row.replyToPostId).filter((id): id is number => id !== null))];
  const targets = new Map(findPostsByIds(replyToIds).map((target) => [target.id, target]));
  // Each author's badges, one query for the page.
  const badges = badgesOf([...rows, ...(accepted ? [accepted] : [])].map((row) => row.authorId));
  const facts = factsOf(reader);
  const topicFacts = { authorId: topic.authorId, categoryKind: topic.category.kind };
  const view = (row: TopicPostRow): PostView => {
    const target = row.replyToPostId !== null ? targets.get(row.replyToPostId) : undefined;
    const postFacts = { authorId: row.authorId, deletedAt: row.deletedAt, postNumber: row.postNumber };
    return {
      id: row.id,
      number: row.postNumber,
      html: row.deletedAt ? "" : row.html,
      source: row.source,
      state: row.state,
      likes: row.likeCount,
      likedByMe: row.likedByMe,
      createdAt: row.createdAt.toISOString(),
      editedAt: row.editedAt ? row.editedAt.toISOString() : null,
      hidden: row.hiddenAt !== null,
      deleted: row.deletedAt !== null,
      author: {
        name: row.authorName,
        handle: row.authorHandle,
        staff: row.authorIsStaff,
        company: row.authorCompany,
        badges: (badges.get(row.authorId) ?? []).map((badge) => badge.code),
      },
      replyTo: target ? { number: target.postNumber, name: target.authorName, href: postHref(reader, topic, target.postNumber) } : null,
      may: options.suspended
        ? SUSPENDED
        : {
            like: reader.memberId !== null ? mayLikePost(facts, postFacts) : !row.deletedAt,
            reply: true,
            edit: mayEditPost(facts, postFacts),
            delete: mayDeletePost(facts, postFacts),
            accept: mayAcceptAnswer(facts, topicFacts, postFacts),
            flag: mayFlagPost(facts, postFacts),
          },
    };
  };
  return {
    topic: {
      id: topic.id,
      title: topic.title,
      path: topicPath(topic),
      category: {
        slug: topic.category.slug,
        name: reader.language === "ja" ? topic.category.nameJa : topic.category.nameEn,
        colour: safeColour(topic.category.colour),
      },
      qa,
      solved: qa && topic.acceptedPostId !== null,
      acceptedPostId: qa ? topic.acceptedPostId : null,
      locked: topic.lockedAt !== null,
      /** Where a moderator pinned it: on top of its category, of the whole community (and its category), or nowhere. */
      pinned: (topic.pinnedAt === null ? null : topic.pinnedGlobally ? "global" : "category") as "global" | "category" | null,
      hidden: topic.hiddenAt !== null,
      replies: topic.replyCount,
      createdAt: topic.createdAt.toISOString(),
      mayUnaccept: qa && topic.acceptedPostId !== null && mayAcceptAnswer(facts, topicFacts),
    },
    page,
    pages,
    posts: rows.map(view),
    accepted: accepted ? view(accepted) : null,
  };
}

export type TopicPage = ReturnType<typeof topicPage>;

/** Where a post of this topic is read (its page and anchor), by its id; the topic's first page if it is not there. */
export function postAnchor(reader: CommunityReadScope, topic: { id: number; slug: string }, postId: number): string {
  const post = findPost(postId);
  return post && post.topicId === topic.id ? postHref(reader, topic, post.postNumber) : topicPath(topic);
}

/** A post of this topic the reader may edit, for the edit step (null otherwise). */
export function editablePost(reader: CommunityReader, topic: TopicDetail, postId: number) {
  const post = findPost(postId);
  if (!post || post.topicId !== topic.id || !mayEditPost(factsOf(reader), post)) return null;
  return { id: post.id, number: post.postNumber, source: post.source, title: post.postNumber === 1 ? topic.title : null };
}

/** A post's earlier versions, for staff only (null for anyone else or a post of another topic). */
export function postHistory(reader: CommunityReader, topic: TopicDetail, postId: number) {
  if (!reader.staff) return null;
  const post = findPost(postId);
  if (!post || post.topicId !== topic.id) return null;
  return {
    number: post.postNumber,
    revisions: listPostRevisions(post.id).map((revision) => ({ ...revision, createdAt: revision.createdAt.toISOString() })),
  };
}
