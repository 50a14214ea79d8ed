import { statSync } from "node:fs";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { readBackupStatus } from "../models/backup.server";
import { db, preparedOn } from "./db.server";
import { env } from "./env.server";

/**
 * Kizuna's Prometheus metrics (docs/decisions/041), served at /metrics when METRICS_TOKEN is
 * set. Two kinds: counters this process keeps as things happen (requests, emails it sent, jobs
 * it ran), and gauges read from the database when scraped (the outbox's depth and oldest
 * email, job lag and dead jobs, the file's size), which are right whichever process did the work.
 */
function createMetrics() {
  const registry = new Registry();
  // Event-loop lag, resident memory, heap, GC, handles: prom-client's own process metrics.
  collectDefaultMetrics({ register: registry });

  const labels = ["method", "route", "status"] as const;
  const requests = new Counter({
    name: "kizuna_http_requests_total",
    help: "HTTP requests answered, by route pattern and status.",
    labelNames: labels,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: "kizuna_http_request_duration_seconds",
    help: "Time from a request's arrival to its response's end, by route pattern and status.",
    labelNames: labels,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const emails = new Counter({
    name: "kizuna_emails_total",
    help: "Outbox emails this process's worker settled, by outcome: sent (provider accepted), local (kept in the local outbox), retried (a failed attempt, to be sent again), dead (given up).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const providerRateLimited = new Counter({
    name: "kizuna_email_provider_rate_limited_total",
    help: "Answers of the email provider asking to wait (HTTP 429: rate limit or quota).",
    registers: [registry],
  });
  const jobs = new Counter({
    name: "kizuna_jobs_total",
    help: "Jobs this process's worker ran, by type and outcome.",
    labelNames: ["type", "outcome"] as const,
    registers: [registry],
  });
  const webhooks = new Counter({
    name: "kizuna_webhooks_total",
    help: "Webhooks: received (in, from Resend) by answer status, and delivered (out, to Slack) by outcome.",
    labelNames: ["direction", "peer", "outcome"] as const,
    registers: [registry],
  });

  new Gauge({
    name: "kizuna_outbox_depth",
    help: "Emails waiting to be sent (queued or being sent).",
    registers: [registry],
    collect() {
      const row = preparedOn(db, "SELECT count(*) AS n FROM outbox WHERE status IN ('queued', 'sending')").get() as { n: number };
      this.set(row.n);
    },
  });
  new Gauge({
    name: "kizuna_outbox_oldest_unsent_age_seconds",
    help: "Age of the oldest email not yet sent (0 when none waits).",
    registers: [registry],
    collect() {
      const row = preparedOn(db, "SELECT min(created_at) AS oldest FROM outbox WHERE status IN ('queued', 'sending')").get() as { oldest: number | null };
      this.set(row.oldest === null ? 0 : Math.max(0, (Date.now() - row.oldest) / 1000));
    },
  });
  new Gauge({
    name: "kizuna_job_lag_seconds",
    help: "How long the longest-waiting due job of each type has been due (absent when none is due).",
    labelNames: ["type"] as const,
    registers: [registry],
    collect() {
      this.reset();
      const now = Date.now();
      const rows = preparedOn(db, "SELECT type, min(run_at) AS due FROM jobs WHERE status = 'queued' AND run_at <= ? GROUP BY type").all(now) as {
        type: string;
        due: number;
      }[];
      for (const row of rows) this.set({ type: row.type }, (now - row.due) / 1000);
    },
  });
  new Gauge({
    name: "kizuna_jobs_dead",
    help: "Jobs given up on (dead-lettered), by type.",
    labelNames: ["type"] as const,
    registers: [registry],
    collect() {
      this.reset();
      const rows = preparedOn(db, "SELECT type, count(*) AS n FROM jobs WHERE status = 'dead' GROUP BY type").all() as { type: string; n: number }[];
      for (const row of rows) this.set({ type: row.type }, row.n);
    },
  });
  new Gauge({
    name: "kizuna_sqlite_file_bytes",
    help: "Size of the SQLite database file and of its write-ahead log.",
    labelNames: ["file"] as const,
    registers: [registry],
    collect() {
      const path = env().databaseFile;
      if (path === ":memory:") return;
      for (const [file, suffix] of [
        ["database", ""],
        ["wal", "-wal"],
      ] as const) {
        try {
          this.set({ file }, statSync(path + suffix).size);
        } catch {
          this.set({ file }, 0);
        }
      }
    },
  });

  // Backups (docs/decisions/042): read from the audit log, so they are right whichever process took them.
  const backupStatus = () => readBackupStatus();
  new Gauge({
    name: "kizuna_backup_last_success_timestamp_seconds",
    help: "When the last good backup into BACKUP_DIR was taken (0 before the first). Alert when older than 36 h.",
    registers: [registry],
    collect() {
      this.reset();
      const last = backupStatus().lastSuccess;
      if (last) this.set(last.at / 1000);
    },
  });
  new Gauge({
    name: "kizuna_backup_last_success_bytes",
    help: "Size of the last good backup into BACKUP_DIR.",
    registers: [registry],
    collect() {
      this.reset();
      const last = backupStatus().lastSuccess;
      if (last) this.set(last.bytes);
    },
  });
  new Gauge({
    name: "kizuna_backup_last_failure_timestamp_seconds",
    help: "When a backup into BACKUP_DIR last failed (0 if none ever did).",
    registers: [registry],
    collect() {
      this.reset();
      const failure = backupStatus().lastFailure;
      if (failure) this.set(failure.at / 1000);
    },
  });
  new Gauge({
    name: "kizuna_backup_failures",
    help: "Backups into BACKUP_DIR that failed since the last good one (0 when the latest succeeded).",
    registers: [registry],
    collect() {
      this.set(backupStatus().failuresSinceSuccess);
    },
  });

  return { registry, requests, requestSeconds, emails, providerRateLimited, jobs, webhooks };
}

type Metrics = ReturnType<typeof createMetrics>;
const holder = globalThis as unknown as { __kizunaMetrics?: Metrics };

/** The process's metrics, made on first use (one registry a process, like the database connection). */
export function metrics(): Metrics {
  return (holder.__kizunaMetrics ??= createMetrics());
}

export function observeRequest(request: { method: string; route: string; status: number; ms: number }) {
  const { requests, requestSeconds } = metrics();
  const labels = { method: request.method, route: request.route, status: String(request.status) };
  requests.inc(labels);
  requestSeconds.observe(labels, request.ms / 1000);
}

export function countEmails(outcomes: { sent: number; local: number; retried: number; dead: number }) {
  const { emails } = metrics();
  for (const outcome of ["sent", "local", "retried", "dead"] as const) if (outcomes[outcome] > 0) emails.inc({ outcome }, outcomes[outcome]);
}

export function countProviderRateLimited() {
  metrics().providerRateLimited.inc();
}

export function countJob(type: string, outcome: "done" | "retried" | "dead") {
  metrics().jobs.inc({ type, outcome });
}

export function countWebhook(direction: "in" | "out", peer: "resend" | "slack", outcome: string) {
  metrics().webhooks.inc({ direction, peer, outcome });
}
