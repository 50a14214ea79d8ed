import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const JOB_STATUSES = ["queued", "running", "done", "dead"] as const;

/** Durable background work in the same SQLite file as the data it changes, claimed by lease. */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    type: text().notNull(),
    payload: text({ mode: "json" }).$type<unknown>().notNull(),
    status: text({ enum: JOB_STATUSES }).notNull().default("queued"),
    runAt: integer().notNull(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(8),
    leaseUntil: integer(),
    /** The boot id of the process holding the lease: a process that knows itself alone resumes other boots' leases at start. */
    leaseBoot: text(),
    lastError: text(),
    /** Optional de-duplication key: enqueueing the same key twice keeps one job. */
    uniqueKey: text(),
    createdAt: integer().notNull(),
    finishedAt: integer(),
  },
  (t) => [index("jobs_due_idx").on(t.status, t.runAt), uniqueIndex("jobs_unique_key_idx").on(t.uniqueKey)],
);
