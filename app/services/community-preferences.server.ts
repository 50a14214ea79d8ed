import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  communityCategories,
  communityTopics,
  communityWatches,
  COMMUNITY_EMAIL_KINDS,
  type CommunityEmailKind,
  type EmailFrequency,
  type WatchLevel,
} from "../../db/schema";
import { maySeeCategory } from "../domain/community-rules";
import { ServiceError } from "../domain/service-error";
import { ensureContactMember, ensureStaffMember, type CommunityMember } from "../models/community-member.server";
import {
  categoryWatchLevels,
  emailPreferencesOf,
  findUnsubscribeToken,
  listNotificationsPage,
  markAllNotificationsRead,
  markNotificationRead,
  putEmailFrequency,
  putWatchLevel,
  setEmailKindStopped,
  unreadNotificationCount,
  watchLevelOnTopic,
} from "../models/community-notification.server";
import type { CommunityReader } from "../utils/community-access.server";
import { sha256 } from "../utils/crypto.server";
import { db, transaction } from "../utils/db.server";
import { topicInReach } from "./community-participant.server";

/*
 * What a member chooses about their community notifications: reading and marking them, watch
 * levels per topic and category, email frequency and kinds, and the one-click unsubscribe.
 * None of these needs the guidelines accepted: choosing to hear less is always allowed.
 */

/** The reader's member row, made on their first choice (reading the community needs none). */
function memberOf(tx: Db, reader: CommunityReader): CommunityMember {
  const viewer = reader.viewer;
  return viewer.kind === "staff" ? ensureStaffMember(tx, viewer.user) : ensureContactMember(tx, viewer.contact);
}

/** The portal header's unread count for whoever reads (0 before they take part). */
export function unreadNotificationsFor(reader: Pick<CommunityReader, "memberId">): number {
  return reader.memberId === null ? 0 : unreadNotificationCount(reader.memberId);
}

export function notificationsPageFor(reader: CommunityReader, page: number) {
  if (reader.memberId === null) return { items: [], unread: 0, hasNext: false };
  return listNotificationsPage(reader.memberId, page);
}

/** Marks one notification (`id`) or all of them read; another member's id changes nothing. */
export function markNotificationsRead(reader: CommunityReader, which: { id: number } | "all", now = Date.now()): number {
  if (reader.memberId === null) return 0;
  if (which === "all") return markAllNotificationsRead(reader.memberId, now);
  return markNotificationRead(reader.memberId, which.id, now) ? 1 : 0;
}

export type WatchTarget = { topicId: number } | { categoryId: number };

/**
 * Sets the reader's level on a topic or a category they may read. A topic or category out of
 * their reach is the same 404 as one that does not exist.
 */
export function setWatchLevel(reader: CommunityReader, target: WatchTarget, level: WatchLevel, now = Date.now()): void {
  transaction((tx) => {
    if ("topicId" in target) topicInReach(tx, reader, target.topicId);
    else {
      const category = tx.select().from(communityCategories).where(eq(communityCategories.id, target.categoryId)).get();
      if (!category || !maySeeCategory(reader, category)) throw new ServiceError(404, "communityNotFound");
    }
    putWatchLevel(tx, memberOf(tx, reader).id, target, level, now);
  });
}

/** The reader's level on a topic as its page shows it (tracking when they never chose). */
export function watchLevelOfTopic(reader: Pick<CommunityReader, "memberId">, topicId: number): WatchLevel {
  return (reader.memberId !== null ? watchLevelOnTopic(reader.memberId, topicId) : null) ?? "tracking";
}

/** The reader's level on a category (tracking when they never chose). */
export function watchLevelOfCategory(reader: Pick<CommunityReader, "memberId">, categoryId: number): WatchLevel {
  if (reader.memberId === null) return "tracking";
  const row = db
    .select({ level: communityWatches.level })
    .from(communityWatches)
    .where(and(eq(communityWatches.memberId, reader.memberId), eq(communityWatches.categoryId, categoryId)))
    .get();
  return row?.level ?? "tracking";
}

/** What the preferences page shows: email choices, topics with a level, categories the reader may read. */
export function preferencesFor(reader: CommunityReader) {
  const email =
    reader.memberId === null ? { frequency: "daily" as EmailFrequency, stopped: new Set<CommunityEmailKind>() } : emailPreferencesOf(reader.memberId);
  const topics =
    reader.memberId === null
      ? []
      : db
          .select({ topicId: communityTopics.id, title: communityTopics.title, slug: communityTopics.slug, level: communityWatches.level })
          .from(communityWatches)
          .innerJoin(communityTopics, eq(communityTopics.id, communityWatches.topicId))
          .where(and(eq(communityWatches.memberId, reader.memberId), isNotNull(communityWatches.topicId)))
          .orderBy(communityTopics.lastPostedAt)
          .limit(200)
          .all()
          .filter((topic) => topic.title)
          .reverse();
  const categories = reader.memberId === null ? categoryWatchLevels(0) : categoryWatchLevels(reader.memberId);
  return {
    frequency: email.frequency,
    enabled: COMMUNITY_EMAIL_KINDS.filter((kind) => !email.stopped.has(kind)),
    topics,
    categories: categories
      .filter((category) => maySeeCategory(reader, category))
      .map(({ segments: _segments, ...category }) => ({ ...category, level: category.level ?? "tracking" })),
  };
}

/** Saves the email frequency and which kinds of email the reader wants (the unchecked ones stop). */
export function saveEmailPreferences(
  reader: CommunityReader,
  input: { frequency: EmailFrequency; enabled: readonly CommunityEmailKind[] },
  now = Date.now(),
): void {
  transaction((tx) => {
    const member = memberOf(tx, reader);
    putEmailFrequency(tx, member.id, input.frequency, now);
    for (const kind of COMMUNITY_EMAIL_KINDS) setEmailKindStopped(tx, member.id, kind, !input.enabled.includes(kind), now);
  });
}

export type UnsubscribeTarget = { memberId: number; kind: CommunityEmailKind; email: string; language: "en" | "ja" | null; stopped: boolean };

/** Whom and what a one-click token stops, or null (read only: the GET page shows this). */
export function findUnsubscribeTarget(token: string): UnsubscribeTarget | null {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = findUnsubscribeToken(sha256(token));
  if (!row) return null;
  const email = row.contactEmail ?? row.userEmail;
  if (!email) return null;
  const stopped = emailPreferencesOf(row.memberId).stopped.has(row.kind);
  return { memberId: row.memberId, kind: row.kind, email, language: row.contactLocale ?? row.userLocale ?? null, stopped };
}

/**
 * The one-click unsubscribe (RFC 8058 POST, or the confirm page's button): stops exactly the
 * kind the token was made for, for its member. Repeating it changes nothing.
 */
export function unsubscribeWithToken(token: string, now = Date.now()): UnsubscribeTarget | null {
  const target = findUnsubscribeTarget(token);
  if (!target) return null;
  transaction((tx) => setEmailKindStopped(tx, target.memberId, target.kind, true, now));
  return { ...target, stopped: true };
}
