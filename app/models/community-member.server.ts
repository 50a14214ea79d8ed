import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityMembers } from "../../db/schema";
import { handleBase, uniqueHandle } from "../domain/community-handle";
import { db } from "../utils/db.server";

export type CommunityMember = typeof communityMembers.$inferSelect;

const handleTaken = (conn: Db) => (handle: string) =>
  conn
    .select({ id: communityMembers.id })
    .from(communityMembers)
    .where(sql`lower(${communityMembers.handle}) = ${handle.toLowerCase()}`)
    .get() !== undefined;

/**
 * A contact's member row, made the first time they take part (reading needs none). The display
 * name starts as their name and the handle is derived once; both are theirs to change later.
 */
export function ensureContactMember(conn: Db, contact: { id: number; email: string; name: string | null }): CommunityMember {
  const existing = conn.select().from(communityMembers).where(eq(communityMembers.contactId, contact.id)).get();
  if (existing) return existing;
  const handle = uniqueHandle(handleBase(contact.name, contact.email), handleTaken(conn));
  const displayName = contact.name?.trim() || handle;
  return conn.insert(communityMembers).values({ contactId: contact.id, handle, displayName }).returning().get();
}

/** A staff user's member row: staff take part with their console sign-in and show a team badge. */
export function ensureStaffMember(conn: Db, user: { id: number; email: string; name: string }): CommunityMember {
  const existing = conn.select().from(communityMembers).where(eq(communityMembers.userId, user.id)).get();
  if (existing) return existing;
  const handle = uniqueHandle(handleBase(user.name, user.email), handleTaken(conn));
  // Staff accept the guidelines by running the community.
  return conn.insert(communityMembers).values({ userId: user.id, handle, displayName: user.name, guidelinesAcceptedAt: new Date() }).returning().get();
}

export function findMemberByHandle(handle: string): CommunityMember | undefined {
  return db
    .select()
    .from(communityMembers)
    .where(sql`lower(${communityMembers.handle}) = ${handle.toLowerCase()}`)
    .get();
}

export function findMemberOfContact(contactId: number): CommunityMember | undefined {
  return db.select().from(communityMembers).where(eq(communityMembers.contactId, contactId)).get();
}

export function findMemberOfUser(userId: number): CommunityMember | undefined {
  return db.select().from(communityMembers).where(eq(communityMembers.userId, userId)).get();
}

/** Which of these handles (lowercased) belong to members: the mentions a post may link. */
export function existingHandles(handles: readonly string[], conn: Db = db): Set<string> {
  if (handles.length === 0) return new Set();
  const lowered = handles.map((handle) => handle.toLowerCase());
  const rows = conn
    .select({ handle: sql<string>`lower(${communityMembers.handle})` })
    .from(communityMembers)
    .where(
      sql`lower(${communityMembers.handle}) IN (${sql.join(
        lowered.map((handle) => sql`${handle}`),
        sql`, `,
      )})`,
    )
    .all();
  return new Set(rows.map((row) => row.handle));
}
