import { and, asc, count, desc, eq, isNull, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, communityCategories, communityMembers, contacts, stories, storyComments, storyConsents, users } from "../../db/schema";
import { db } from "../utils/db.server";

/** Small named queries over the stories tables (the use cases are in services/story-*.server.ts). */

export type StoryRow = typeof stories.$inferSelect;
export type ConsentRow = typeof storyConsents.$inferSelect;

/** The category stories live in: the first `use_cases` category (the default `stories` one unless an admin added another first). */
export function findStoriesCategory(conn: Db = db) {
  return conn
    .select()
    .from(communityCategories)
    .where(eq(communityCategories.kind, "use_cases"))
    .orderBy(asc(communityCategories.position), asc(communityCategories.id))
    .get();
}

export function findStory(id: number, conn: Db = db): StoryRow | undefined {
  return conn.select().from(stories).where(eq(stories.id, id)).get();
}

/** The consent in force for a story (none when never given or revoked). */
export function findActiveConsent(storyId: number, conn: Db = db): ConsentRow | undefined {
  return conn
    .select()
    .from(storyConsents)
    .where(and(eq(storyConsents.storyId, storyId), isNull(storyConsents.revokedAt)))
    .get();
}

/** Every consent a story ever had, newest first, with who agreed and who recorded it. */
export function listConsentsOfStory(storyId: number) {
  return db
    .select({
      id: storyConsents.id,
      contactName: contacts.name,
      contactEmail: contacts.email,
      community: storyConsents.community,
      website: storyConsents.website,
      salesDeck: storyConsents.salesDeck,
      agreedAt: storyConsents.agreedAt,
      note: storyConsents.note,
      recordedBy: users.name,
      revokedAt: storyConsents.revokedAt,
    })
    .from(storyConsents)
    .innerJoin(contacts, eq(contacts.id, storyConsents.contactId))
    .leftJoin(users, eq(users.id, storyConsents.recordedByUserId))
    .where(eq(storyConsents.storyId, storyId))
    .orderBy(desc(storyConsents.createdAt), desc(storyConsents.id))
    .all();
}

/** The review thread, oldest first, with each comment's author (a staff user or the member). */
export function listStoryComments(storyId: number) {
  return db
    .select({
      id: storyComments.id,
      body: storyComments.body,
      createdAt: storyComments.createdAt,
      staffName: users.name,
      memberName: communityMembers.displayName,
    })
    .from(storyComments)
    .leftJoin(users, eq(users.id, storyComments.authorUserId))
    .leftJoin(communityMembers, eq(communityMembers.id, storyComments.authorMemberId))
    .where(eq(storyComments.storyId, storyId))
    .orderBy(asc(storyComments.createdAt), asc(storyComments.id))
    .all();
}

export type PublishedFilter = { industry?: string; segment?: "high" | "low" | "tech"; productArea?: string };

/** Published stories, newest first, with the account's name and whether the consent in force covers the community. */
export function listPublishedStories(filter: PublishedFilter, limit: number) {
  const clauses: SQL[] = [eq(stories.status, "published")];
  if (filter.industry) clauses.push(eq(stories.industry, filter.industry));
  if (filter.segment) clauses.push(eq(stories.segment, filter.segment));
  if (filter.productArea) clauses.push(eq(stories.productArea, filter.productArea));
  return db
    .select({
      id: stories.id,
      title: stories.title,
      industry: stories.industry,
      segment: stories.segment,
      productArea: stories.productArea,
      quote: stories.quote,
      language: stories.language,
      publishedAt: stories.publishedAt,
      accountName: accounts.name,
      community: storyConsents.community,
    })
    .from(stories)
    .innerJoin(accounts, eq(accounts.id, stories.accountId))
    .leftJoin(storyConsents, and(eq(storyConsents.storyId, stories.id), isNull(storyConsents.revokedAt)))
    .where(and(...clauses))
    .orderBy(desc(stories.publishedAt), desc(stories.id))
    .limit(limit)
    .all();
}

/** The values the listing's filters offer: those published stories actually have. */
export function publishedFilterValues() {
  const rows = db
    .selectDistinct({ industry: stories.industry, segment: stories.segment, productArea: stories.productArea })
    .from(stories)
    .where(eq(stories.status, "published"))
    .all();
  const sorted = (values: string[]) => [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b));
  return {
    industries: sorted(rows.map((row) => row.industry)),
    segments: sorted(rows.map((row) => row.segment)) as ("high" | "low" | "tech")[],
    productAreas: sorted(rows.map((row) => row.productArea)),
  };
}

/** A member's own stories (any state), newest first. */
export function listStoriesOfMember(memberId: number) {
  return db
    .select({ id: stories.id, title: stories.title, status: stories.status, updatedAt: stories.updatedAt })
    .from(stories)
    .where(eq(stories.authorMemberId, memberId))
    .orderBy(desc(stories.updatedAt), desc(stories.id))
    .all();
}

/** The console's pipeline: every story with its account, author, consent in force and thread length. */
export function listStoryPipeline(status: "draft" | "in_review" | "published" | null) {
  const commentCounts = db
    .select({ storyId: storyComments.storyId, n: count().as("n") })
    .from(storyComments)
    .groupBy(storyComments.storyId)
    .as("comment_counts");
  return db
    .select({
      id: stories.id,
      title: stories.title,
      status: stories.status,
      accountId: stories.accountId,
      accountName: accounts.name,
      industry: stories.industry,
      segment: stories.segment,
      authorMember: communityMembers.displayName,
      authorStaff: users.name,
      updatedAt: stories.updatedAt,
      submittedAt: stories.submittedAt,
      publishedAt: stories.publishedAt,
      consentId: storyConsents.id,
      community: storyConsents.community,
      website: storyConsents.website,
      salesDeck: storyConsents.salesDeck,
      comments: commentCounts.n,
    })
    .from(stories)
    .innerJoin(accounts, eq(accounts.id, stories.accountId))
    .leftJoin(communityMembers, eq(communityMembers.id, stories.authorMemberId))
    .leftJoin(users, eq(users.id, stories.authorUserId))
    .leftJoin(storyConsents, and(eq(storyConsents.storyId, stories.id), isNull(storyConsents.revokedAt)))
    .leftJoin(commentCounts, eq(commentCounts.storyId, stories.id))
    .where(status ? eq(stories.status, status) : undefined)
    .orderBy(desc(stories.updatedAt), desc(stories.id))
    .limit(500)
    .all();
}

/** How many stories are in each state (the pipeline's tabs). */
export function countStoriesByStatus(): Record<"draft" | "in_review" | "published", number> {
  const counts = { draft: 0, in_review: 0, published: 0 };
  for (const row of db.select({ status: stories.status, n: count() }).from(stories).groupBy(stories.status).all()) counts[row.status] = row.n;
  return counts;
}

/** An account's contacts, for the consent and story forms. */
export function listAccountContactChoices(accountId: number, conn: Db = db) {
  return conn
    .select({ id: contacts.id, name: contacts.name, email: contacts.email })
    .from(contacts)
    .where(eq(contacts.accountId, accountId))
    .orderBy(asc(contacts.name), asc(contacts.id))
    .limit(500)
    .all();
}

export function contactOfAccount(contactId: number, accountId: number, conn: Db = db) {
  return conn
    .select({ id: contacts.id, name: contacts.name, email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.accountId, accountId)))
    .get();
}

/** An account's stories (the account 360). */
export function listStoriesOfAccount(accountId: number) {
  return db
    .select({ id: stories.id, title: stories.title, status: stories.status, publishedAt: stories.publishedAt })
    .from(stories)
    .where(eq(stories.accountId, accountId))
    .orderBy(desc(stories.updatedAt))
    .all();
}

/** Accounts to write a story for (the console's new-story form). */
export function listAccountChoicesForStories() {
  return db.select({ id: accounts.id, name: accounts.name }).from(accounts).orderBy(asc(accounts.name)).limit(2_000).all();
}

export function findAccountBrief(accountId: number, conn: Db = db) {
  return conn.select({ id: accounts.id, name: accounts.name, segment: accounts.segment }).from(accounts).where(eq(accounts.id, accountId)).get();
}
