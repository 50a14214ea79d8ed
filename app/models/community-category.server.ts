import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityCategories } from "../../db/schema";
import { db } from "../utils/db.server";

export type CommunityCategory = typeof communityCategories.$inferSelect;

/** Every category in the admin's order (a handful: the caller filters what the reader may see). */
export function listCategories(conn: Db = db): CommunityCategory[] {
  return conn.select().from(communityCategories).orderBy(asc(communityCategories.position), asc(communityCategories.id)).all();
}

export function findCategoryBySlug(slug: string, conn: Db = db): CommunityCategory | undefined {
  return conn.select().from(communityCategories).where(eq(communityCategories.slug, slug)).get();
}

export function findCategory(id: number, conn: Db = db): CommunityCategory | undefined {
  return conn.select().from(communityCategories).where(eq(communityCategories.id, id)).get();
}

type CategoryValues = Omit<typeof communityCategories.$inferInsert, "id" | "topicCount" | "postCount" | "createdAt" | "updatedAt">;

/** A new category (the console's category admin); undefined when the slug is taken. */
export function insertCategory(conn: Db, values: CategoryValues & { slug: string }, now: number): CommunityCategory | undefined {
  return conn
    .insert(communityCategories)
    .values({ ...values, createdAt: new Date(now), updatedAt: new Date(now) })
    .onConflictDoNothing({ target: communityCategories.slug })
    .returning()
    .get();
}

/** Everything but the slug and the counters. */
export function updateCategoryRow(conn: Db, id: number, values: Omit<CategoryValues, "slug">, now: number): CommunityCategory | undefined {
  return conn
    .update(communityCategories)
    .set({ ...values, updatedAt: new Date(now) })
    .where(eq(communityCategories.id, id))
    .returning()
    .get();
}
