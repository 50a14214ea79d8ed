import type { Db } from "../../db/client";
import { ruleTagChange, type RuleTagChange } from "../domain/rule-tags";
import { matchTagRules, type TagRule } from "../domain/tag-rules";
import { listCommentsInIdRange } from "../models/response.server";
import { currentTagsInRange, deleteResponseTag, insertResponseTag, listTagRules } from "../models/tag.server";
import { transaction } from "../utils/db.server";

export type RangeOutcome = { responses: number; added: number; removed: number };

/**
 * Brings the rule tags of the responses with ids in [fromId, toId] in line with `rules`, in the
 * caller's transaction: matched tags added (source "rule"), rule tags no longer matched removed,
 * tags a person added left alone. Idempotent; reads and writes only that id range.
 */
export function applyTagRulesToRange(tx: Db, fromId: number, toId: number, rules: readonly TagRule[], now = Date.now()): RangeOutcome {
  const rows = listCommentsInIdRange(tx, fromId, toId);
  const current = currentTagsInRange(tx, fromId, toId);
  const outcome: RangeOutcome = { responses: rows.length, added: 0, removed: 0 };
  for (const row of rows) {
    const change = ruleTagChange(current.get(row.id) ?? [], matchTagRules(row.comment, rules));
    outcome.added += writeChange(tx, row.id, change, now);
    outcome.removed += change.remove.length;
  }
  return outcome;
}

function writeChange(tx: Db, responseId: number, change: RuleTagChange, now: number): number {
  for (const tagId of change.remove) deleteResponseTag(tx, responseId, tagId, "rule");
  let added = 0;
  for (const tagId of change.add) if (insertResponseTag(tx, responseId, tagId, "rule", now)) added += 1;
  return added;
}

/**
 * Re-tags one response by the current rules, for the response pipeline (a new or changed
 * comment). A response deleted meanwhile has no tags left to change.
 */
export function applyTagRulesToResponse(responseId: number, now = Date.now()): RangeOutcome {
  return transaction((tx) => applyTagRulesToRange(tx, responseId, responseId, listTagRules(tx), now));
}
