import { and, asc, count, eq, isNull } from "drizzle-orm";
import { communityCategories, communityTopics } from "../../db/schema";
import { db } from "../utils/db.server";

/**
 * Topics anyone may read once the community is open to everyone: visible (not hidden, held or
 * deleted) and in a category open to every member (no segment restriction).
 */
const readableByAnyone = and(isNull(communityTopics.hiddenAt), isNull(communityTopics.deletedAt), isNull(communityCategories.segments));

export function countPublicTopics(): number {
  return db
    .select({ n: count() })
    .from(communityTopics)
    .innerJoin(communityCategories, eq(communityCategories.id, communityTopics.categoryId))
    .where(readableByAnyone)
    .get()!.n;
}

/** One page of them in id order (stable pages for a sitemap index). */
export function listPublicTopics(limit: number, offset = 0) {
  return db
    .select({ id: communityTopics.id, slug: communityTopics.slug, lastPostedAt: communityTopics.lastPostedAt })
    .from(communityTopics)
    .innerJoin(communityCategories, eq(communityCategories.id, communityTopics.categoryId))
    .where(readableByAnyone)
    .orderBy(asc(communityTopics.id))
    .limit(limit)
    .offset(offset)
    .all();
}
