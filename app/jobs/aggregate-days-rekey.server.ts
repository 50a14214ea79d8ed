import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Db } from "../../db/client";
import { audit } from "../models/audit.server";
import {
  aggregateZone,
  countCampaigns,
  nextCampaignIdAfter,
  recountCampaignInvitations,
  rekeyResponseDays,
  setAggregateZone,
} from "../models/nps-rollup.server";
import { maxResponseId, nextResponseIdAfter } from "../models/response.server";
import { teamTimeZone } from "../models/settings.server";
import { db, transaction } from "../utils/db.server";
import { enqueueJob, listActiveJobs, registerJobHandler, saveJobPayload } from "../utils/jobs.server";

/*
 * When the team's time zone changes (and once after the migration that started keeping zones,
 * for counts made in UTC), the dashboard's days are re-keyed to the new zone by this job, like
 * the tag-rule backfill: short transactions over response ids, each moving that chunk's counts
 * from their old days to their new ones, then each campaign's invitations counted again. The
 * totals are right at every step; only which day a count sits on is mixed until it finishes, and
 * the dashboard says so. Answers counted meanwhile already use the new zone (the pipeline reads
 * the setting), and a response the pipeline counts again is moved to the new zone by it.
 */
export const DAY_REKEY_JOB = "aggregates.rekey-days";

/**
 * Responses per transaction: two grouped upserts and an update over their rollup rows. On the
 * large seed 5,000 held the writer ~260 ms (a loaded machine); 1,000 keeps each hold short.
 */
export const DAY_REKEY_CHUNK = 1_000;
/** A job run hands the rest to a follow-up job after this long, well inside its lease. */
const RUN_BUDGET_MS = 20_000;

const Payload = z.object({
  /** The zone the counts are moved to; a later change of zone starts a new walk and this one stops. */
  timeZone: z.string(),
  since: z.number().int().nonnegative(),
  phase: z.enum(["responses", "invitations"]),
  afterId: z.number().int().nonnegative(),
  upToId: z.number().int().nonnegative(),
  afterCampaignId: z.number().int().nonnegative(),
  moved: z.number().int().nonnegative(),
});
export type DayRekeyPayload = z.infer<typeof Payload>;

const rekeyKey = (p: DayRekeyPayload) => `${DAY_REKEY_JOB}:${p.timeZone}:${p.since}:${p.phase}:${p.afterId}:${p.afterCampaignId}`;

/** Queues the walk that moves every count to `timeZone`'s days, with the caller's transaction (the setting's change). */
export function queueDayRekey(tx: Db, timeZone: string, now = Date.now()): number {
  const payload: DayRekeyPayload = { timeZone, since: now, phase: "responses", afterId: 0, upToId: maxResponseId(tx) ?? 0, afterCampaignId: 0, moved: 0 };
  return enqueueJob(tx, DAY_REKEY_JOB, payload, { uniqueKey: rekeyKey(payload) }, now);
}

function activeWalks(conn: Db = db): DayRekeyPayload[] {
  const walks: DayRekeyPayload[] = [];
  for (const row of listActiveJobs(DAY_REKEY_JOB, conn)) {
    const parsed = Payload.safeParse(row.payload);
    if (parsed.success) walks.push(parsed.data);
  }
  return walks.sort(
    (a, b) => b.since - a.since || (a.phase === b.phase ? b.afterId - a.afterId || b.afterCampaignId - a.afterCampaignId : a.phase === "invitations" ? -1 : 1),
  );
}

/**
 * Run where the worker starts: counts made in another zone than the team's (UTC ones from before
 * the migration, or a walk lost with its job) get a walk, unless one is under way. Returns its job id.
 */
export function queueDayRekeyIfStale(now = Date.now()): number | null {
  return transaction((tx) => {
    const zone = teamTimeZone();
    if (aggregateZone(tx) === zone || activeWalks(tx).some((walk) => walk.timeZone === zone)) return null;
    return queueDayRekey(tx, zone, now);
  });
}

export type DayRekeyProgress = { running: false } | { running: true; timeZone: string; percent: number };

/** Whether the dashboard's days are being moved to the team's zone, and how far along, for the pages that show counts. */
export function dayRekeyProgress(conn: Db = db): DayRekeyProgress {
  const zone = teamTimeZone();
  const latest = activeWalks(conn)[0];
  if (!latest) return aggregateZone(conn) === zone ? { running: false } : { running: true, timeZone: zone, percent: 0 };
  // Responses are most of the work; campaigns the last tenth.
  const responses = latest.phase === "invitations" || latest.upToId === 0 ? 1 : latest.afterId / latest.upToId;
  const campaigns = latest.phase === "responses" ? 0 : Math.min(1, countCampaigns(conn, latest.afterCampaignId) / Math.max(1, countCampaigns(conn)));
  return { running: true, timeZone: latest.timeZone, percent: Math.min(99, Math.floor(responses * 90 + campaigns * 10)) };
}

type Step = { kind: "continue"; payload: DayRekeyPayload } | { kind: "done" } | { kind: "stop" };

function rekeyStep(tx: Db, payload: DayRekeyPayload, chunkSize: number): Step {
  if (teamTimeZone() !== payload.timeZone || activeWalks(tx).some((walk) => walk.since > payload.since)) return { kind: "stop" };
  if (payload.phase === "responses") {
    const fromId = payload.afterId < payload.upToId ? nextResponseIdAfter(payload.afterId, tx) : null;
    if (fromId === null || fromId > payload.upToId) return { kind: "continue", payload: { ...payload, phase: "invitations", afterId: payload.upToId } };
    const toId = Math.min(payload.upToId, fromId + chunkSize - 1);
    const moved = rekeyResponseDays(tx, fromId, toId, payload.timeZone);
    return { kind: "continue", payload: { ...payload, afterId: toId, moved: payload.moved + moved } };
  }
  const campaignId = nextCampaignIdAfter(tx, payload.afterCampaignId);
  if (campaignId === null) {
    setAggregateZone(tx, payload.timeZone);
    audit(
      { action: "aggregates.days_rekeyed", entity: "aggregate_days", entityId: payload.timeZone, detail: { since: payload.since, moved: payload.moved } },
      tx,
    );
    return { kind: "done" };
  }
  recountCampaignInvitations(tx, campaignId, payload.timeZone);
  return { kind: "continue", payload: { ...payload, afterCampaignId: campaignId } };
}

/** The job: moves counts chunk by chunk, resting between chunks, and hands over to a follow-up job when out of time. */
export async function rekeyAggregateDays(
  rawPayload: unknown,
  options: { jobId?: number; clock?: () => number; restMs?: number; chunk?: number } = {},
): Promise<void> {
  const clock = options.clock ?? Date.now;
  let payload = Payload.parse(rawPayload);
  const started = clock();
  for (;;) {
    const chunkStarted = performance.now();
    const step = transaction((tx): Step => {
      const result = rekeyStep(tx, payload, options.chunk ?? DAY_REKEY_CHUNK);
      if (result.kind !== "continue") return result;
      if (clock() - started > RUN_BUDGET_MS) {
        // Out of time: the rest is a new job, queued in the chunk's transaction so nothing is skipped.
        enqueueJob(tx, DAY_REKEY_JOB, result.payload, { uniqueKey: rekeyKey(result.payload) }, clock());
        return { kind: "stop" };
      }
      // Progress lives in the running job's payload (the dashboard reads it; a retry resumes there).
      if (options.jobId !== undefined) saveJobPayload(tx, options.jobId, result.payload);
      return result;
    });
    if (step.kind !== "continue") return;
    payload = step.payload;
    // Rest half as long as the chunk took, so answers, sending and pages keep most of the process.
    await sleep(options.restMs ?? Math.max(1, (performance.now() - chunkStarted) / 2));
  }
}

registerJobHandler(DAY_REKEY_JOB, (payload, job) => rekeyAggregateDays(payload, { jobId: job.id }));
