import type { Db } from "../../db/client";
import { parseInput } from "../domain/form-input";
import { ManualTagInput, ResponseTagInput } from "../domain/response-forms";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import { responseExists } from "../models/response.server";
import { deleteResponseTag, findTag, insertResponseTag, markResponseTagManual, type TagRow } from "../models/tag.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { findOrCreateTag, requireTagName } from "./manage-tags.server";
import { assertCan } from "./actor.server";

/*
 * A CSM's own tags on a response. A manual tag is never removed by a rule; tagging by hand a tag
 * a rule already put there makes it manual, so a later rule change keeps it.
 */

function assertCanTag(actor: StaffUser) {
  assertCan({ user: actor }, "write:response:any");
}

function assertResponseExists(tx: Db, responseId: number) {
  if (!responseExists(responseId, tx)) throw new ServiceError(404, "responseGone");
}

export type TagInput = { responseId: number } & ({ tagId: number } | { name: string });

/** Adds a tag (an existing one by id, or by name, created if new) to a response as a person's choice. */
export function addManualTag(actor: StaffUser, input: TagInput, now = Date.now()): { tag: TagRow; added: boolean } {
  assertCanTag(actor);
  parseInput(ManualTagInput, input);
  const name = "name" in input ? requireTagName(input.name) : null;
  return transaction((tx) => {
    assertResponseExists(tx, input.responseId);
    let tag: TagRow;
    if (name !== null) {
      tag = findOrCreateTag(tx, name, now);
    } else {
      const found = findTag((input as { tagId: number }).tagId, tx);
      if (!found) throw new ServiceError(404, "tagGone");
      tag = found;
    }
    const added = insertResponseTag(tx, input.responseId, tag.id, "manual", now) || markResponseTagManual(tx, input.responseId, tag.id);
    if (added)
      audit(
        { actorUserId: actor.id, action: "response.tag_added", entity: "response", entityId: input.responseId, detail: { tagId: tag.id, name: tag.name } },
        tx,
      );
    return { tag, added };
  });
}

/** Takes a tag off a response, manual or from a rule (a rule tag returns if its rule is re-applied). */
export function removeResponseTag(actor: StaffUser, input: { responseId: number; tagId: number }): { removed: boolean } {
  assertCanTag(actor);
  parseInput(ResponseTagInput, input);
  return transaction((tx) => {
    assertResponseExists(tx, input.responseId);
    const removed = deleteResponseTag(tx, input.responseId, input.tagId);
    if (removed)
      audit({ actorUserId: actor.id, action: "response.tag_removed", entity: "response", entityId: input.responseId, detail: { tagId: input.tagId } }, tx);
    return { removed };
  });
}
