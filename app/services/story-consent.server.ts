import { and, eq, isNull } from "drizzle-orm";
import { storyConsents } from "../../db/schema";
import { parseInput } from "../domain/form-input";
import { ServiceError } from "../domain/service-error";
import { StoryConsentFields } from "../domain/stories";
import { audit } from "../models/audit.server";
import { contactOfAccount, findActiveConsent, findStory } from "../models/story.server";
import { transaction } from "../utils/db.server";
import { assertStoryStaff, auditFieldsOf, type StoryActor } from "./story-actor.server";
import { unpublishIn } from "./story-review.server";

/**
 * Staff record the customer's consent: which contact agreed, on which day, for which uses
 * (community, public website, sales deck). A new consent replaces the one in force (which is
 * kept, revoked, as the record of what was agreed before).
 */
export function recordStoryConsent(actor: StoryActor, storyId: number, input: unknown, now = new Date()): { id: number } {
  assertStoryStaff(actor);
  const value = parseInput(StoryConsentFields, input);
  return transaction((tx) => {
    const story = findStory(storyId, tx);
    if (!story) throw new ServiceError(404, "storyNotFound");
    if (!contactOfAccount(value.contactId, story.accountId, tx)) throw new ServiceError(422, "storyConsentContact", {}, "contactId");
    const previous = findActiveConsent(storyId, tx);
    if (previous) tx.update(storyConsents).set({ revokedAt: now, revokedByUserId: actor.user.id }).where(eq(storyConsents.id, previous.id)).run();
    const consent = tx
      .insert(storyConsents)
      .values({
        storyId,
        contactId: value.contactId,
        community: value.community,
        website: value.website,
        salesDeck: value.salesDeck,
        agreedAt: new Date(`${value.agreedOn}T00:00:00Z`),
        note: value.note,
        recordedByUserId: actor.user.id,
        createdAt: now,
      })
      .returning({ id: storyConsents.id })
      .get();
    audit(
      {
        ...auditFieldsOf(actor),
        action: "story.consent_recorded",
        entity: "story",
        entityId: storyId,
        detail: {
          consentId: consent.id,
          contactId: value.contactId,
          community: value.community,
          website: value.website,
          salesDeck: value.salesDeck,
          replaced: previous?.id ?? null,
        },
      },
      tx,
    );
    return consent;
  });
}

/**
 * The customer withdrew their consent: it is revoked at once, the story leaves the listing (back
 * to draft) in the same transaction, and with no consent in force the company is named nowhere.
 */
export function revokeStoryConsent(actor: StoryActor, storyId: number, now = new Date()): void {
  assertStoryStaff(actor);
  transaction((tx) => {
    const story = findStory(storyId, tx);
    if (!story) throw new ServiceError(404, "storyNotFound");
    const revoked = tx
      .update(storyConsents)
      .set({ revokedAt: now, revokedByUserId: actor.user.id })
      .where(and(eq(storyConsents.storyId, storyId), isNull(storyConsents.revokedAt)))
      .returning({ id: storyConsents.id })
      .get();
    if (!revoked) throw new ServiceError(409, "storyNoConsent");
    audit({ ...auditFieldsOf(actor), action: "story.consent_revoked", entity: "story", entityId: storyId, detail: { consentId: revoked.id } }, tx);
    if (story.status === "published") {
      unpublishIn(tx, story, now);
      audit({ ...auditFieldsOf(actor), action: "story.unpublished", entity: "story", entityId: storyId, detail: { reason: "consent_revoked" } }, tx);
    }
  });
}
