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
