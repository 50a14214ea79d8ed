import { eq } from "drizzle-orm";
import { stories, storyComments } from "../../db/schema";
import { parseInput } from "../domain/form-input";
import { ServiceError } from "../domain/service-error";
import { authorMayEdit, StaffNewStory, StoryFields, type StoryInput } from "../domain/stories";
import { ensureContactMember } from "../models/community-member.server";
import { audit } from "../models/audit.server";
import { contactOfAccount, findAccountBrief, findStoriesCategory, findStory } from "../models/story.server";
import { transaction } from "../utils/db.server";
import { renderMarkdown } from "../utils/markdown.server";
import { assertMayWrite, assertStoryStaff, auditFieldsOf, type StoryActor } from "./story-actor.server";

/** The rendered HTML of a story's Markdown fields, written with them. */
function rendered(input: StoryInput) {
  return {
    ...input,
    challengeHtml: renderMarkdown(input.challenge),
    solutionHtml: renderMarkdown(input.solution),
    resultsHtml: renderMarkdown(input.results),
  };
}

/**
 * Starts a story as a draft. A member writes about their own account (and is its contact); staff
 * write for any account, optionally naming the contact it is about. Returns the new story's id.
 */
export function createStory(actor: StoryActor, input: unknown, now = new Date()): { id: number } {
  if (actor.kind === "staff") {
    assertStoryStaff(actor);
    const { accountId, contactId, ...fields } = parseInput(StaffNewStory, input);
    return transaction((tx) => {
      const account = findAccountBrief(accountId, tx);
      if (!account) throw new ServiceError(422, "storyAccount", {}, "accountId");
      if (contactId !== undefined && !contactOfAccount(contactId, accountId, tx)) throw new ServiceError(422, "storyContact", {}, "contactId");
      const category = findStoriesCategory(tx);
      if (!category) throw new ServiceError(404, "storyNotFound");
      const story = tx
        .insert(stories)
        .values({
          ...rendered(fields),
          categoryId: category.id,
          accountId,
          contactId: contactId ?? null,
          authorUserId: actor.user.id,
          segment: account.segment,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: stories.id })
        .get();
      audit({ ...auditFieldsOf(actor), action: "story.created", entity: "story", entityId: story.id, detail: { accountId } }, tx);
      return story;
    });
  }
  const fields = parseInput(StoryFields, input);
  return transaction((tx) => {
    const account = findAccountBrief(actor.accountId, tx);
    const category = findStoriesCategory(tx);
    if (!account || !category) throw new ServiceError(404, "storyNotFound");
    const member = ensureContactMember(tx, actor.contact);
    const story = tx
      .insert(stories)
      .values({
        ...rendered(fields),
        categoryId: category.id,
        accountId: account.id,
        contactId: actor.contactId,
        authorMemberId: member.id,
        segment: account.segment,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: stories.id })
      .get();
    audit(
      { ...auditFieldsOf(actor), action: "story.created", entity: "story", entityId: story.id, detail: { accountId: account.id, contactId: actor.contactId } },
      tx,
    );
    return story;
  });
}

/** Saves the author's (or staff's) changes. The author edits only a draft; staff edit in any state (a typo in a published story). */
export function updateStory(actor: StoryActor, storyId: number, input: unknown, now = new Date()): void {
  const fields = parseInput(StoryFields, input);
  transaction((tx) => {
    const story = findStory(storyId, tx);
    if (!story) throw new ServiceError(404, "storyNotFound");
    assertMayWrite(actor, story);
    if (actor.kind === "member" && !authorMayEdit(story.status)) throw new ServiceError(409, "storyNotDraft");
    const account = findAccountBrief(story.accountId, tx);
    tx.update(stories)
      .set({ ...rendered(fields), segment: account?.segment ?? story.segment, updatedAt: now })
      .where(eq(stories.id, storyId))
      .run();
    audit({ ...auditFieldsOf(actor), action: "story.updated", entity: "story", entityId: storyId }, tx);
  });
}

/** The author sends their draft to the team (draft → in review), saving the form's latest text with it. */
export function submitStory(actor: StoryActor, storyId: number, input: unknown, now = new Date()): void {
  const fields = parseInput(StoryFields, input);
  transaction((tx) => {
    const story = findStory(storyId, tx);
    if (!story) throw new ServiceError(404, "storyNotFound");
    assertMayWrite(actor, story);
    if (story.status !== "draft") throw new ServiceError(409, "storyNotDraft");
    tx.update(stories)
      .set({ ...rendered(fields), status: "in_review", submittedAt: now, updatedAt: now })
      .where(eq(stories.id, storyId))
      .run();
    audit({ ...auditFieldsOf(actor), action: "story.submitted", entity: "story", entityId: storyId }, tx);
  });
}

/** A comment in the story's review thread, from staff or from the author. */
export function commentOnStory(actor: StoryActor, storyId: number, body: string, now = new Date()): void {
  const text = body.trim();
  if (text.length === 0 || text.length > 2_000) throw new ServiceError(400, "storyComment", { max: 2_000 }, "body");
  transaction((tx) => {
    const story = findStory(storyId, tx);
    if (!story) throw new ServiceError(404, "storyNotFound");
    assertMayWrite(actor, story);
    tx.insert(storyComments)
      .values({
        storyId,
        body: text,
        authorUserId: actor.kind === "staff" ? actor.user.id : null,
        authorMemberId: actor.kind === "member" ? story.authorMemberId : null,
        createdAt: now,
      })
      .run();
    audit({ ...auditFieldsOf(actor), action: "story.commented", entity: "story", entityId: storyId }, tx);
  });
}
