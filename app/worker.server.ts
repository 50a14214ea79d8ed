import "./jobs.server";
import { deliverOutbox, type DeliverySummary } from "./services/deliver-outbox.server";
import { runDueJobs, type JobRunSummary } from "./services/run-due-jobs.server";
import { pruneRateLimits } from "./utils/rate-limit.server";
import { pruneExpiredSessions } from "./utils/session.server";

const TICK_MS = 500;
const HOUSEKEEPING_MS = 60_000;

export type WorkerStep = { outbox: DeliverySummary | null; jobs: JobRunSummary | null };

function counts(values: Record<string, number>) {
  return Object.entries(values)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name}=${n}`)
    .join(" ");
}

function logStep(step: WorkerStep) {
  const o = step.outbox;
  const outbox = o ? counts({ sent: o.sent, local: o.local, retried: o.retried, dead: o.dead }) : "";
  if (outbox) console.log(`worker: outbox ${outbox}${o?.pausedUntil ? ` (provider asked to wait until ${new Date(o.pausedUntil).toISOString()})` : ""}`);
  const j = step.jobs;
  const jobs = j ? counts({ done: j.done, retried: j.retried, dead: j.dead }) : "";
  if (jobs) console.log(`worker: jobs ${jobs}`);
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
    console.error("worker: outbox delivery failed:", error);
  }
  try {
    step.jobs = await runDueJobs();
  } catch (error) {
    console.error("worker: running jobs failed:", error);
  }
  logStep(step);
  return step;
}

/** True when the step found work, so there may be more waiting: go again without sleeping. */
function foundWork(step: WorkerStep): boolean {
  const outboxBusy = !!step.outbox && step.outbox.claimed > 0 && step.outbox.pausedUntil === null;
  const jobsBusy = !!step.jobs && step.jobs.claimed > 0;
  return outboxBusy || jobsBusy;
}

/**
 * Starts the worker loop (in the web process by default, or alone with `npm run worker`).
 * Returns `stop`, which wakes the loop and resolves once the step in progress has finished,
 * so a shutdown never abandons a send halfway (and if it did, the lease would bring it back).
 */
export function startWorker(options: { tickMs?: number } = {}): () => Promise<void> {
  const tickMs = options.tickMs ?? TICK_MS;
  let stopped = false;
  let wake: (() => void) | null = null;
  let lastHousekeeping = 0;

  const loop = (async () => {
    while (!stopped) {
      const step = await runWorkerStep();
      const now = Date.now();
      if (now - lastHousekeeping > HOUSEKEEPING_MS) {
        try {
          pruneExpiredSessions(now);
          pruneRateLimits(now);
        } catch (error) {
          console.error("worker: housekeeping failed:", error);
        }
        lastHousekeeping = now;
      }
      if (stopped || foundWork(step)) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, tickMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();

  return async () => {
    stopped = true;
    wake?.();
    await loop;
  };
}
