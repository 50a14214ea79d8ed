import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { jobBackoffMs } from "../domain/delivery-policy";
import { log } from "../utils/log.server";
import { countJob } from "../utils/metrics.server";
import { buryAbandonedJobs, claimDueJobs, JOB_LEASE_MS, jobHandlerFor, renewJobLease, settleJob, type JobInfo } from "../utils/jobs.server";

export type JobRunSummary = { claimed: number; done: number; retried: number; dead: number };

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

/**
 * One step of the worker: claims up to `limit` due jobs and runs them one after another.
 * Success marks a job `done`; a throw reschedules it with exponential backoff and jitter, or
 * dead-letters it (keeping the error) once it has used `maxAttempts`. A job whose type has no
 * handler is dead at once: retrying cannot help, and the error says what is missing.
 */
/** One line per job run: its type and id, how it ended and how long it took; never its payload. */
function logJob(job: { id: number; type: string; attempts: number; maxAttempts: number }, outcome: "done" | "retried" | "dead", ms: number, error?: string) {
  countJob(job.type, outcome);
  const line = {
    jobId: job.id,
    type: job.type,
    outcome,
    attempt: job.attempts,
    maxAttempts: job.maxAttempts,
    ms: Math.round(ms * 10) / 10,
    ...(error ? { error } : {}),
  };
  if (outcome === "done") log().info(line, `job ${job.type} ${outcome}`);
  else if (outcome === "retried") log().warn(line, `job ${job.type} ${outcome}`);
  else log().error(line, `job ${job.type} ${outcome}`);
}

export async function runDueJobs(options: { clock?: () => number; limit?: number } = {}): Promise<JobRunSummary> {
  const clock = options.clock ?? Date.now;
  const summary: JobRunSummary = { claimed: 0, done: 0, retried: 0, dead: 0 };
  const buried = buryAbandonedJobs(clock());
  if (buried > 0) log().error({ jobs: buried }, "jobs whose worker stopped during their last allowed attempt are dead");
  summary.dead += buried;
  const claimed = claimDueJobs(clock(), options.limit ?? 10);
  summary.claimed = claimed.length;
  for (const [index, job] of claimed.entries()) {
    // The worker shares the web process: between two jobs, let waiting requests (answers) run,
    // so a batch of jobs delays a request by one job at most, not ten.
    if (index > 0) await yieldToEventLoop();
    const startedAt = clock();
    const leaseUntil = startedAt + JOB_LEASE_MS;
    if (!renewJobLease(job, leaseUntil)) continue;
    const handler = jobHandlerFor(job.type);
    if (!handler) {
      const lastError = `No handler is registered for job type "${job.type}".`;
      settleJob(job, leaseUntil, { status: "dead", finishedAt: startedAt, lastError });
      summary.dead += 1;
      logJob(job, "dead", 0, lastError);
      continue;
    }
    const info: JobInfo = { id: job.id, type: job.type, attempts: job.attempts, maxAttempts: job.maxAttempts, runAt: job.runAt, createdAt: job.createdAt };
    try {
      await handler(job.payload, info);
      const finishedAt = clock();
      settleJob(job, leaseUntil, { status: "done", finishedAt });
      summary.done += 1;
      logJob(job, "done", finishedAt - startedAt);
    } catch (error) {
      const finishedAt = clock();
      if (job.attempts >= job.maxAttempts) {
        settleJob(job, leaseUntil, { status: "dead", finishedAt, lastError: `Attempt ${job.attempts} of ${job.maxAttempts}: ${errorText(error)}` });
        summary.dead += 1;
        logJob(job, "dead", finishedAt - startedAt, errorText(error).slice(0, 300));
      } else {
        settleJob(job, leaseUntil, {
          status: "queued",
          runAt: finishedAt + jobBackoffMs(job.attempts),
          lastError: `Attempt ${job.attempts} of ${job.maxAttempts}: ${errorText(error)}`,
        });
        summary.retried += 1;
        logJob(job, "retried", finishedAt - startedAt, errorText(error).slice(0, 300));
      }
    }
  }
  return summary;
}
