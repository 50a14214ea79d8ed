import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { stories, storyComments } from "../../db/schema";
import { ServiceError } from "../domain/service-error";
import { publishBlock, type ConsentUses } from "../domain/stories";
import { audit } from "../models/audit.server";
import { findActiveConsent, findStory, type StoryRow } from "../models/story.server";
import { transaction } from "../utils/db.server";
import { recordAdvocacy, removeAdvocacy } from "./advocacy.server";
import { grantBadge } from "./community-badges.server";
import { assertStoryStaff, auditFieldsOf, type StoryActor } from "./story-actor.server";

function load(tx: Db, storyId: number): StoryRow {
  const story = findStory(storyId, tx);
  if (!story) throw new ServiceError(404, "storyNotFound");
  return story;
}

export function consentUsesOf(consent: { community: boolean; website: boolean; salesDeck: boolean } | undefined): ConsentUses {
  return consent ? { community: consent.community, website: consent.website, salesDeck: consent.salesDeck } : null;
}

const storyAdvocacyKey = (story: StoryRow) => ({ kind: "story_published" as const, source: "story" as const, sourceId: story.id, contactId: story.contactId });

/**
 * Takes a story out of the listing (back to draft): staff unpublishing it, sending it back, or a
 * revoked consent. Its advocacy record goes too: the account is no longer a published reference.
 */
export function unpublishIn(tx: Db, story: StoryRow, now: Date): void {
  tx.update(stories).set({ status: "draft", publishedAt: null, publishedByUserId: null, updatedAt: now }).where(eq(stories.id, story.id)).run();
  if (story.status === "published") removeAdvocacy(tx, storyAdvocacyKey(story));
}

/** Staff send a story back to its author (in review or published → draft) with a comment saying what to change. */
export function sendBackStory(actor: StoryActor, storyId: number, body: string, now = new Date()): void {
  assertStoryStaff(actor);
  const text = body.trim();
  if (text.length === 0 || text.length > 2_000) throw new ServiceError(400, "storyComment", { max: 2_000 }, "body");
  transaction((tx) => {
    const story = load(tx, storyId);
    if (story.status === "draft") throw new ServiceError(409, "storyWrongStatus");
    unpublishIn(tx, story, now);
    tx.insert(storyComments).values({ storyId, body: text, authorUserId: actor.user.id, createdAt: now }).run();
    audit({ ...auditFieldsOf(actor), action: "story.sent_back", entity: "story", entityId: storyId, detail: { from: story.status } }, tx);
  });
}

/**
 * Staff publish a story: only with a consent in force (who agreed, for which uses). The story
 * marks its account and contact as a reference (the advocacy timeline), and a member author earns
 * the case-study badge.
 */
export function publishStory(actor: StoryActor, storyId: number, now = new Date()): void {
  assertStoryStaff(actor);
  transaction((tx) => {
    const story = load(tx, storyId);
    const consent = findActiveConsent(storyId, tx);
    const block = publishBlock(story.status, consentUsesOf(consent));
    if (block) throw new ServiceError(409, block);
    tx.update(stories).set({ status: "published", publishedAt: now, publishedByUserId: actor.user.id, updatedAt: now }).where(eq(stories.id, storyId)).run();
    recordAdvocacy(tx, { ...storyAdvocacyKey(story), accountId: story.accountId, at: now, detail: { title: story.title }, recordedByUserId: actor.user.id });
    if (story.authorMemberId !== null) grantBadge(tx, story.authorMemberId, "case_study_author", now.getTime());
    audit({ ...auditFieldsOf(actor), action: "story.published", entity: "story", entityId: storyId, detail: { consentId: consent!.id } }, tx);
  });
}

/** Staff take a published story down (back to draft) without a comment. */
export function unpublishStory(actor: StoryActor, storyId: number, now = new Date()): void {
  assertStoryStaff(actor);
  transaction((tx) => {
    const story = load(tx, storyId);
    if (story.status !== "published") throw new ServiceError(409, "storyWrongStatus");
    unpublishIn(tx, story, now);
    audit({ ...auditFieldsOf(actor), action: "story.unpublished", entity: "story", entityId: storyId, detail: { reason: "staff" } }, tx);
  });
}
