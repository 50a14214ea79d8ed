import { countPendingMigrations, probeWrite } from "../models/health.server";
import { workerHealth } from "../worker.server";

export type Readiness = {
  ready: boolean;
  /** One line per check, in words an operator reads in a probe's log. */
  checks: { migrations: string; database: string; worker: string; process: string };
  /** Why the instance is not ready (the failed checks' words), absent when it is. */
  reason?: string;
};

let draining = false;

/** From now on this process says it is not ready, so a load balancer sends it nothing new while it stops. */
export function markShuttingDown() {
  draining = true;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether this instance should be sent traffic: every migration this build ships is applied,
 * the database takes a write, and the worker (when this process runs one) is coming round.
 * Liveness is /healthz; this is the stricter question a load balancer or an orchestrator asks.
 */
export function checkReadiness(now = Date.now()): Readiness {
  const failures: string[] = [];
  const checks: Readiness["checks"] = { migrations: "", database: "", worker: "", process: draining ? "shutting down" : "running" };
  if (draining) failures.push("the process is shutting down");

  try {
    const pending = countPendingMigrations();
    checks.migrations = pending === 0 ? "applied" : `${pending} pending`;
    if (pending > 0) failures.push(`${pending} migration(s) not applied: restart the server to run them`);
  } catch (error) {
    checks.migrations = "unknown";
    failures.push(`the migrations could not be read: ${describeError(error)}`);
  }

  try {
    const probe = probeWrite();
    checks.database = probe.writable ? (probe.busy ? "writable (busy with another write)" : "writable") : "not writable";
    if (!probe.writable) failures.push(`the database does not take writes (${probe.reason})`);
  } catch (error) {
    checks.database = "unreachable";
    failures.push(`the database cannot be reached: ${describeError(error)}`);
  }

  const worker = workerHealth(now);
  if (worker.state === "not-here") checks.worker = "not in this process";
  else if (worker.state === "alive") checks.worker = "alive";
  else if (worker.state === "stopped") {
    checks.worker = "stopped";
    failures.push("the worker has stopped");
  } else {
    checks.worker = "stalled";
    failures.push(`the worker's ${worker.loop} loop has not come round for ${Math.round(worker.silentMs / 1000)} s`);
  }

  return failures.length === 0 ? { ready: true, checks } : { ready: false, checks, reason: failures.join("; ") };
}
