import type { Db } from "../../db/client";
import { ServiceError } from "../domain/service-error";
import { cleanTagName, MAX_TAG_NAME_LENGTH } from "../domain/rule-tags";
import { KeywordRuleError, parseKeywords } from "../domain/tag-rules";
import { queueTagRulesBackfill } from "../jobs/tag-rules-backfill.server";
import { audit } from "../models/audit.server";
import { deleteTagRow, findTag, findTagByName, insertTag, listRulesOfTag, renameTagRow, replaceTagRule, type TagRow } from "../models/tag.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { assertCan } from "./actor.server";

/*
 * Tags and their keyword rules are settings: only admins create, rename, delete them or change
 * a rule. A rule change re-tags the existing comments through a background job queued in the
 * same transaction; new answers are tagged by the response pipeline.
 */

function assertCanManageTags(actor: StaffUser) {
  assertCan({ user: actor }, "manage:settings:any");
}

export function requireTagName(input: string): string {
  const name = cleanTagName(input);
  if (!name) throw new ServiceError(400, "tagName", { max: MAX_TAG_NAME_LENGTH }, "name");
  return name;
}

function loadTag(tx: Db, tagId: number): TagRow {
  const tag = findTag(tagId, tx);
  if (!tag) throw new ServiceError(404, "tagGone");
  return tag;
}

/** Finds a tag by name (any case) or creates it; the caller's permission decides who may create. */
export function findOrCreateTag(tx: Db, name: string, now = Date.now()): TagRow {
  return findTagByName(name, tx) ?? insertTag(tx, name, now);
}

export function createTag(actor: StaffUser, input: { name: string }): TagRow {
  assertCanManageTags(actor);
  const name = requireTagName(input.name);
  return transaction((tx) => {
    if (findTagByName(name, tx)) throw new ServiceError(409, "tagExists", { name }, "name");
    const tag = insertTag(tx, name);
    audit({ actorUserId: actor.id, action: "tag.created", entity: "tag", entityId: tag.id, detail: { name } }, tx);
    return tag;
  });
}

export function renameTag(actor: StaffUser, input: { tagId: number; name: string }): TagRow {
  assertCanManageTags(actor);
  const name = requireTagName(input.name);
  return transaction((tx) => {
    const tag = loadTag(tx, input.tagId);
    const clash = findTagByName(name, tx);
    if (clash && clash.id !== tag.id) throw new ServiceError(409, "tagExists", { name: clash.name }, "name");
    renameTagRow(tx, tag.id, name);
    audit({ actorUserId: actor.id, action: "tag.renamed", entity: "tag", entityId: tag.id, detail: { from: tag.name, to: name } }, tx);
    return { id: tag.id, name };
  });
}

/** Deletes a tag, its rule and its place on every response (foreign keys cascade). */
export function deleteTag(actor: StaffUser, input: { tagId: number }): TagRow {
  assertCanManageTags(actor);
  return transaction((tx) => {
    const tag = loadTag(tx, input.tagId);
    deleteTagRow(tx, tag.id);
    audit({ actorUserId: actor.id, action: "tag.deleted", entity: "tag", entityId: tag.id, detail: { name: tag.name } }, tx);
    return tag;
  });
}

export type SavedRule = { tagId: number; keywords: string[]; changed: boolean };

/**
 * Sets a tag's keyword rule from the admin's textarea (an empty one removes the rule). When the
 * keywords changed, the existing comments are re-tagged in the background.
 */
export function saveTagRule(actor: StaffUser, input: { tagId: number; keywords: string }, now = Date.now()): SavedRule {
  assertCanManageTags(actor);
  let keywords: string[];
  try {
    keywords = parseKeywords(input.keywords);
  } catch (error) {
    if (error instanceof KeywordRuleError) throw new ServiceError(400, error.code, error.params, "keywords");
    throw error;
  }
  return transaction((tx) => {
    const tag = loadTag(tx, input.tagId);
    const existing = listRulesOfTag(tag.id, tx);
    const before = existing.flatMap((rule) => rule.keywords);
    if (existing.length <= 1 && JSON.stringify(before) === JSON.stringify(keywords)) return { tagId: tag.id, keywords, changed: false };
    // One rule a tag: the page edits it as one list.
    replaceTagRule(tx, { tagId: tag.id, keywords, createdByUserId: actor.id, createdAt: existing[0]?.createdAt ?? now, updatedAt: now });
    queueTagRulesBackfill(tx, now);
    audit({ actorUserId: actor.id, action: "tag.rule_changed", entity: "tag", entityId: tag.id, detail: { from: before, to: keywords } }, tx);
    return { tagId: tag.id, keywords, changed: true };
  });
}
