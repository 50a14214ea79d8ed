import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { jobs } from "../../db/schema";
import { BOOT_ID } from "./boot-id.server";
import { db } from "./db.server";

/**
 * Durable background work (campaign fan-out, reminders, nightly recomputes) in the same SQLite
 * file as the data it changes, so a job commits with the business write that caused it
 * (docs/decisions/007). Delivery is at least once: a handler must be idempotent, because a
 * worker that dies mid-job leaves a lease that expires and the job runs again.
 */

export type JobRow = typeof jobs.$inferSelect;
export type JobInfo = Pick<JobRow, "id" | "type" | "attempts" | "maxAttempts" | "runAt" | "createdAt">;
export type JobHandler<Payload = unknown> = (payload: Payload, job: JobInfo) => Promise<void> | void;

/**
 * A handler must finish within its lease; it is renewed before each job starts. Long work
 * (a wave's fan-out, reminders) hands over to a follow-up job after 30 s, so two minutes is
 * ample, and a job whose process died is picked up again two minutes later, not five.
 */
export const JOB_LEASE_MS = 2 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 8;

const handlers = new Map<string, JobHandler>();

/**
 * Registers the code that runs jobs of `type`. The payload arrives as stored JSON: parse it
 * with zod in the handler rather than trusting the type parameter.
 */
export function registerJobHandler<Payload = unknown>(type: string, handler: JobHandler<Payload>) {
  if (handlers.has(type)) throw new Error(`A handler for job type "${type}" is already registered.`);
  handlers.set(type, handler as JobHandler);
}

export function jobHandlerFor(type: string): JobHandler | undefined {
  return handlers.get(type);
}

/** For tests that register throwaway handlers. */
export function unregisterJobHandler(type: string) {
  handlers.delete(type);
}

/**
 * A job type defined once: its name, the payload's schema and its unique key, so the code that
 * queues it and the handler that runs it cannot disagree on either. `enqueue` builds the key from
 * the payload (and the time it runs), `handle` registers the handler with the payload parsed.
 */
export type JobKind<Payload> = {
  readonly type: string;
  parse(payload: unknown): Payload;
  uniqueKey(payload: Payload, runAt: number): string | null;
  enqueue(tx: Db, payload: Payload, options?: { runAt?: number; maxAttempts?: number }, now?: number): number;
  handle(handler: JobHandler<Payload>): void;
};

export function defineJob<Schema extends z.ZodType>(
  type: string,
  schema: Schema,
  uniqueKey?: (payload: z.output<Schema>, runAt: number) => string,
): JobKind<z.output<Schema>> {
  type Payload = z.output<Schema>;
  return {
    type,
    parse: (payload: unknown) => schema.parse(payload) as Payload,
    uniqueKey: (payload: Payload, runAt: number) => uniqueKey?.(payload, runAt) ?? null,
    enqueue(tx, payload, options = {}, now = Date.now()) {
      const runAt = options.runAt ?? now;
      return enqueueJob(tx, type, payload, { ...options, runAt, uniqueKey: uniqueKey?.(payload, runAt) }, now);
    },
    handle(handler) {
      registerJobHandler(type, (payload, job) => handler(schema.parse(payload) as Payload, job));
    },
  };
}

/**
 * Queues a job with the caller's transaction handle (synchronous, like `enqueueEmail`).
 * With a `uniqueKey`, enqueueing the same key again keeps the first job and returns its id.
 */
export function enqueueJob(
  tx: Db,
  type: string,
  payload: unknown,
  options: { runAt?: number; uniqueKey?: string; maxAttempts?: number } = {},
  now = Date.now(),
): number {
  if (!type.trim()) throw new Error("A job needs a type.");
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error("maxAttempts must be a positive integer.");
  const inserted = tx
    .insert(jobs)
    .values({ type, payload: payload ?? null, runAt: options.runAt ?? now, maxAttempts, uniqueKey: options.uniqueKey ?? null, createdAt: now })
    .onConflictDoNothing({ target: jobs.uniqueKey })
    .returning({ id: jobs.id })
    .get();
  if (inserted) return inserted.id;
  return tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.uniqueKey, options.uniqueKey!)).get()!.id;
}

/**
 * Leases due jobs in one UPDATE … RETURNING — queued and due, or running under a lease that
 * expired (its worker died) — counting the attempt as it claims, so a job that crashes the
 * process every time still reaches its bound.
 */
export function claimDueJobs(now: number, limit: number): JobRow[] {
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        or(and(eq(jobs.status, "queued"), lte(jobs.runAt, now)), and(eq(jobs.status, "running"), lt(jobs.leaseUntil, now))),
        lt(jobs.attempts, jobs.maxAttempts),
      ),
    )
    .orderBy(asc(jobs.runAt), asc(jobs.id))
    .limit(limit);
  return db
    .update(jobs)
    .set({ status: "running", leaseUntil: now + JOB_LEASE_MS, leaseBoot: BOOT_ID, attempts: sql`${jobs.attempts} + 1` })
    .where(inArray(jobs.id, due))
    .returning()
    .all()
    .sort((a, b) => a.runAt - b.runAt || a.id - b.id);
}

/**
 * Makes the leases of every other boot expired at once (their jobs are claimable now). Only for
 * a process that holds the install lock alone: then no other process of this install is alive.
 */
export function expireJobLeasesOfOtherBoots(bootId: string, conn: Db = db): number {
  return conn
    .update(jobs)
    .set({ leaseUntil: 0 })
    .where(and(eq(jobs.status, "running"), or(isNull(jobs.leaseBoot), ne(jobs.leaseBoot, bootId))))
    .run().changes;
}

/** Lets go of this process's own claims (at shutdown): whoever claims next takes them at once. */
export function expireJobLeasesOfBoot(bootId: string, conn: Db = db): number {
  return conn
    .update(jobs)
    .set({ leaseUntil: 0 })
    .where(and(eq(jobs.status, "running"), eq(jobs.leaseBoot, bootId)))
    .run().changes;
}

/** Jobs whose worker died on their last allowed attempt will not be claimed again: dead-letter them. */
export function buryAbandonedJobs(now: number): number {
  return db
    .update(jobs)
    .set({
      status: "dead",
      leaseUntil: null,
      finishedAt: now,
      lastError: sql`coalesce(${jobs.lastError} || char(10), '') || 'The worker stopped during the last allowed attempt (lease expired).'`,
    })
    .where(and(eq(jobs.status, "running"), lt(jobs.leaseUntil, now), gte(jobs.attempts, jobs.maxAttempts)))
    .run().changes;
}

/** Extends our lease before starting a job; false when another worker has taken it meanwhile. */
export function renewJobLease(job: JobRow, leaseUntil: number): boolean {
  const changed = db
    .update(jobs)
    .set({ leaseUntil })
    .where(and(eq(jobs.id, job.id), eq(jobs.status, "running"), eq(jobs.leaseUntil, job.leaseUntil!)))
    .run().changes;
  return changed === 1;
}

/** Settles a job only if we still hold its lease. */
export function settleJob(job: JobRow, leaseUntil: number, change: Partial<typeof jobs.$inferInsert>) {
  db.update(jobs)
    .set({ leaseUntil: null, ...change })
    .where(and(eq(jobs.id, job.id), eq(jobs.status, "running"), eq(jobs.leaseUntil, leaseUntil)))
    .run();
}

/** Jobs of a type not finished yet (queued or running), newest first: what a page shows as in progress. */
export function listActiveJobs(type: string, conn: Db = db): Pick<JobRow, "id" | "payload" | "status">[] {
  return conn
    .select({ id: jobs.id, payload: jobs.payload, status: jobs.status })
    .from(jobs)
    .where(and(inArray(jobs.status, ["queued", "running"]), eq(jobs.type, type)))
    .orderBy(desc(jobs.id))
    .all();
}

/** A running job's payload replaced, so its progress is visible and a retry resumes from it. */
export function saveJobPayload(tx: Db, jobId: number, payload: unknown) {
  tx.update(jobs).set({ payload }).where(eq(jobs.id, jobId)).run();
}
