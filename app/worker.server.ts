import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import "./jobs.server";
import { scheduleAdminDigest } from "./services/admin-digest.server";
import { scheduleNightlyBackup } from "./services/backup.server";
import { scheduleTrustLevels } from "./services/community-trust.server";
import { enrolStartedAccounts } from "./services/enrol-started-accounts.server";
import { scheduleCommunityDigest, scheduleUnansweredSweep } from "./services/community-digest.server";
import { scheduleOnboardingCheck } from "./services/onboarding-check.server";
import { deliverOutbox, type DeliverySummary } from "./services/deliver-outbox.server";
import { queueRecordedResponses } from "./services/queue-recorded-responses.server";
import { getSetting } from "./models/settings.server";
import { pruneUsageEvents } from "./models/usage.server";
import { runDueJobs, type JobRunSummary } from "./services/run-due-jobs.server";
import { log } from "./utils/log.server";
import { countEmails } from "./utils/metrics.server";
import { pruneRateLimits } from "./utils/rate-limit.server";
import { pruneExpiredSessions } from "./utils/session.server";

const TICK_MS = 500;
/**
 * Outbox batches sent at once. Two, so the next batch is claimed and on its way while the last
 * one is answered: one at a time, a round trip longer than the provider's rate allows per request
 * (100 ms at 10 requests/s) would cap sending below the limit. The provider's window bounds both.
 */
const OUTBOX_LANES = 2;
const HOUSEKEEPING_MS = 60_000;

/**
 * A loop that has not come round for this long is stuck (a step waits on something that never
 * answers): a send times out after 30 s and a job's lease lasts 2 minutes, so a healthy loop beats
 * well within it.
 */
export const WORKER_STALL_MS = 5 * 60_000;

/** This process's worker, as readiness sees it: when each loop last came round, and whether it was stopped. */
const life: { loops: { name: string; beatAt: number }[] | null; stopped: boolean } = { loops: null, stopped: false };

export type WorkerHealth = { state: "not-here" } | { state: "alive" } | { state: "stopped" } | { state: "stalled"; loop: string; silentMs: number };

/** Whether the worker this process started is running and coming round (`not-here` when this process runs none). */
export function workerHealth(now = Date.now()): WorkerHealth {
  if (!life.loops) return { state: "not-here" };
  if (life.stopped) return { state: "stopped" };
  for (const loop of life.loops) {
    const silentMs = now - loop.beatAt;
    if (silentMs > WORKER_STALL_MS) return { state: "stalled", loop: loop.name, silentMs };
  }
  return { state: "alive" };
}

export type WorkerStep = { outbox: DeliverySummary | null; jobs: JobRunSummary | null };

/** One line per outbox batch that did something (each job has its own line, from runDueJobs). */
function logStep(step: WorkerStep) {
  const o = step.outbox;
  if (o) countEmails(o);
  if (o && o.sent + o.local + o.retried + o.dead > 0) {
    const pausedUntil = o.pausedUntil ? new Date(o.pausedUntil).toISOString() : undefined;
    log().info({ sent: o.sent, local: o.local, retried: o.retried, dead: o.dead, ...(pausedUntil ? { pausedUntil } : {}) }, "outbox batch");
  }
}

function logFailure(what: string, error: unknown) {
  log().error({ err: error }, `worker: ${what}`);
}

/** Recorded answers become pipeline jobs first, so an answer's alert goes out in the same pass. */
function runJobs(): Promise<JobRunSummary> {
  queueRecordedResponses();
  return runDueJobs();
}

/**
 * One pass of the worker: deliver the next outbox batch, then run due jobs. Each part's
 * failure is logged and does not stop the other (a broken provider must not stall jobs).
 */
export async function runWorkerStep(): Promise<WorkerStep> {
  const step: WorkerStep = { outbox: null, jobs: null };
  try {
    step.outbox = await deliverOutbox();
  } catch (error) {
    logFailure("outbox delivery failed", error);
  }
  try {
    step.jobs = await runJobs();
  } catch (error) {
    logFailure("running jobs failed", error);
  }
  logStep(step);
  return step;
}

/** A loop that sleeps `ms` unless woken (by `stop`). */
function sleeper() {
  let wake: (() => void) | null = null;
  return {
    sleep(ms: number) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }).finally(() => (wake = null));
    },
    wake: () => wake?.(),
  };
}

/**
 * How long the outbox loop rests after a step: not at all while there is more to send, until
 * the provider's pause ends (to the millisecond: a sender that oversleeps a rate-limit window
 * falls behind the limit), or a tick when the queue was empty.
 */
export function outboxRestMs(summary: DeliverySummary | null, now: number, tickMs: number): number {
  if (!summary) return tickMs;
  if (summary.pausedUntil !== null) return Math.min(tickMs, Math.max(0, summary.pausedUntil - now));
  return summary.claimed > 0 ? 0 : tickMs;
}

/**
 * Starts the worker (in the web process by default, or alone with `npm run worker`): loops
 * delivering the outbox (OUTBOX_LANES of them) and one running jobs, so a long job (a wave's
 * fan-out writes for up to half a minute) never holds up sending, and sending never holds up jobs.
 * Returns `stop`, which wakes every loop and resolves once the steps in progress have finished,
 * so a shutdown never abandons a send halfway (and if it did, the lease would bring it back).
 */
export function startWorker(options: { tickMs?: number } = {}): () => Promise<void> {
  const tickMs = options.tickMs ?? TICK_MS;
  let stopped = false;
  const outboxSleeps = Array.from({ length: OUTBOX_LANES }, () => sleeper());
  const jobsSleep = sleeper();

  const beats = [...outboxSleeps.map((_, i) => ({ name: `outbox ${i + 1}`, beatAt: Date.now() })), { name: "jobs", beatAt: Date.now() }];
  life.loops = beats;
  life.stopped = false;
  const jobsBeat = beats[beats.length - 1];

  const outboxLoops = outboxSleeps.map(async (outboxSleep, lane) => {
    while (!stopped) {
      beats[lane].beatAt = Date.now();
      let summary: DeliverySummary | null = null;
      try {
        summary = await deliverOutbox();
      } catch (error) {
        logFailure("outbox delivery failed", error);
      }
      logStep({ outbox: summary, jobs: null });
      const rest = outboxRestMs(summary, Date.now(), tickMs);
      if (stopped) break;
      if (rest > 0) await outboxSleep.sleep(rest);
      // Yield even when busy, so web requests and the jobs loop get their turn.
      else await yieldToEventLoop();
    }
  });

  const jobsLoop = (async () => {
    let lastHousekeeping = 0;
    while (!stopped) {
      jobsBeat.beatAt = Date.now();
      let jobs: JobRunSummary | null = null;
      try {
        jobs = await runJobs();
      } catch (error) {
        logFailure("running jobs failed", error);
      }
      const now = Date.now();
      if (now - lastHousekeeping > HOUSEKEEPING_MS) {
        try {
          pruneExpiredSessions(now);
          pruneRateLimits(now);
          // Raw usage events past their retention, a few slices a round (their day rollups stay).
          pruneUsageEvents(now, getSetting("usage").retentionDays);
        } catch (error) {
          logFailure("housekeeping failed", error);
        }
        try {
          // Idempotent per day (a unique job key), so every worker may call it every minute.
          scheduleAdminDigest(now);
        } catch (error) {
          logFailure("scheduling the admin digest failed", error);
        }
        try {
          // Once per team day (a unique job key): days since joining lift trust levels without a post.
          scheduleTrustLevels(now);
        } catch (error) {
          logFailure("scheduling the trust-level walk failed", error);
        }
        try {
          // The community's 08:00 digests and the quarter-hourly unanswered-questions sweep: unique job keys too.
          scheduleCommunityDigest(now);
          scheduleUnansweredSweep(now);
        } catch (error) {
          logFailure("scheduling the community digests failed", error);
        }
        try {
          // Accounts whose start date has come join their guide (decision 052); already enrolled ones are skipped.
          enrolStartedAccounts(now);
        } catch (error) {
          logFailure("enrolling started accounts in their guides failed", error);
        }
        try {
          // The onboarding stall check and nudges, once per quarter hour (a unique job key too).
          scheduleOnboardingCheck(now);
        } catch (error) {
          logFailure("scheduling the onboarding check failed", error);
        }
        try {
          // With BACKUP_DIR set: the 03:00 backup, once per team day (a unique job key too).
          scheduleNightlyBackup(now);
        } catch (error) {
          logFailure("scheduling the nightly backup failed", error);
        }
        lastHousekeeping = now;
      }
      if (stopped) break;
      if (jobs && jobs.claimed > 0) await yieldToEventLoop();
      else await jobsSleep.sleep(tickMs);
    }
  })();

  return async () => {
    stopped = true;
    life.stopped = true;
    for (const outboxSleep of outboxSleeps) outboxSleep.wake();
    jobsSleep.wake();
    await Promise.all([...outboxLoops, jobsLoop]);
  };
}
