import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../db/client";
import { audit } from "../models/audit.server";
import { maxResponseId, nextResponseIdAfter } from "../models/response.server";
import { listTagRules } from "../models/tag.server";
import { applyTagRulesToRange, type RangeOutcome } from "../services/apply-tag-rules.server";
import { db, transaction } from "../utils/db.server";
import { listActiveJobs, saveJobPayload } from "../utils/jobs.server";
import { tagRulesBackfillJob, type TagRulesBackfillPayload } from "./job-types.server";

/*
 * A rule created, changed or removed later applies to the comments already there through this
 * job: it walks the responses by id range, one short transaction per chunk, so a million
 * responses never sit in one transaction and answers keep being recorded meanwhile. New answers
 * (id above the range) are tagged by the response pipeline with the rules of their time.
 */
export const TAG_RULES_BACKFILL_JOB = tagRulesBackfillJob.type;
export type { TagRulesBackfillPayload };

/** Response ids per transaction: a few milliseconds of writer time each. */
export const TAG_BACKFILL_CHUNK = 2_000;
/** A job run hands the rest to a follow-up job after this long, well inside its lease. */
const RUN_BUDGET_MS = 20_000;

/** Queues a walk over every existing response, with the caller's transaction (the rule change's). */
export function queueTagRulesBackfill(tx: Db, now = Date.now()): number {
  const upToId = maxResponseId(tx) ?? 0;
  const payload: TagRulesBackfillPayload = { since: now, afterId: 0, upToId, totals: { added: 0, removed: 0 } };
  return tagRulesBackfillJob.enqueue(tx, payload, {}, now);
}

type ActiveWalk = { since: number; afterId: number; upToId: number; status: "queued" | "running" };

/** The walks not finished yet (queued or running), newest change first; read through the due index. */
function activeWalks(conn: Db = db): ActiveWalk[] {
  const rows = listActiveJobs(TAG_RULES_BACKFILL_JOB, conn);
  const walks: ActiveWalk[] = [];
  for (const row of rows) {
    try {
      walks.push({ ...tagRulesBackfillJob.parse(row.payload), status: row.status as "queued" | "running" });
    } catch {
      // A payload that does not parse is not a walk to report; its job fails on its own.
    }
  }
  // The newest change first; within one walk handed over between jobs, the furthest along.
  return walks.sort((a, b) => b.since - a.since || b.afterId - a.afterId);
}

export type TagRulesBackfillProgress = { running: false } | { running: true; doneThroughId: number; upToId: number; percent: number };

/** How far the walk for the latest rule change has come, for the tags page. */
export function tagRulesBackfillProgress(conn: Db = db): TagRulesBackfillProgress {
  const latest = activeWalks(conn)[0];
  if (!latest) return { running: false };
  const percent = latest.upToId === 0 ? 100 : Math.min(100, Math.floor((latest.afterId / latest.upToId) * 100));
  return { running: true, doneThroughId: latest.afterId, upToId: latest.upToId, percent };
}

function superseded(tx: Db, since: number): boolean {
  return activeWalks(tx).some((walk) => walk.since > since);
}

type ChunkOutcome = { kind: "continue"; afterId: number; outcome: RangeOutcome } | { kind: "stop" };

function backfillChunk(tx: Db, payload: TagRulesBackfillPayload, afterId: number, now: number, chunkSize: number): ChunkOutcome {
  if (afterId >= payload.upToId || superseded(tx, payload.since)) return { kind: "stop" };
  // Start at the next id that exists, so long runs of deleted responses cost one lookup.
  const fromId = nextResponseIdAfter(afterId, tx);
  if (fromId === null || fromId > payload.upToId) return { kind: "continue", afterId: payload.upToId, outcome: { responses: 0, added: 0, removed: 0 } };
  const toId = Math.min(payload.upToId, fromId + chunkSize - 1);
  const outcome = applyTagRulesToRange(tx, fromId, toId, listTagRules(tx), now);
  return { kind: "continue", afterId: toId, outcome };
}

/** The job: re-tags responses (afterId, upToId] chunk by chunk, then hands over or finishes. */
export async function backfillTagRules(
  rawPayload: unknown,
  options: { jobId?: number; clock?: () => number; restMs?: number; chunk?: number } = {},
): Promise<void> {
  const clock = options.clock ?? Date.now;
  const payload = tagRulesBackfillJob.parse(rawPayload);
  const started = clock();
  let afterId = payload.afterId;
  const totals = { ...payload.totals };
  for (;;) {
    const chunkStarted = performance.now();
    const result = transaction((tx) => {
      const chunk = backfillChunk(tx, payload, afterId, clock(), options.chunk ?? TAG_BACKFILL_CHUNK);
      if (chunk.kind === "stop") return chunk;
      totals.added += chunk.outcome.added;
      totals.removed += chunk.outcome.removed;
      if (chunk.afterId >= payload.upToId) {
        audit({ action: "tags.rules_applied", entity: "tag_rules", detail: { since: payload.since, upToId: payload.upToId, ...totals } }, tx);
      } else if (clock() - started > RUN_BUDGET_MS) {
        // Out of time: the rest is a new job, queued in the chunk's transaction so nothing is skipped.
        const next: TagRulesBackfillPayload = { ...payload, afterId: chunk.afterId, totals };
        tagRulesBackfillJob.enqueue(tx, next, {}, clock());
        return { kind: "stop" as const };
      } else if (options.jobId !== undefined) {
        // Progress for the tags page lives in the running job's payload (a retry resumes there).
        saveJobPayload(tx, options.jobId, { ...payload, afterId: chunk.afterId, totals } satisfies TagRulesBackfillPayload);
      }
      return chunk;
    });
    if (result.kind === "stop" || result.afterId >= payload.upToId) return;
    afterId = result.afterId;
    // Rest half as long as the chunk took, so answers, sending and pages keep most of the process.
    await sleep(options.restMs ?? Math.max(1, (performance.now() - chunkStarted) / 2));
  }
}

tagRulesBackfillJob.handle((payload, job) => backfillTagRules(payload, { jobId: job.id }));
