import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as schema from "../../db/schema";
import { loader } from "../../app/routes/readyz";
import { loader as liveness } from "../../app/routes/healthz";
import { markShuttingDown } from "../../app/services/readiness.server";
import { closeDb, sqlite, transaction } from "../../app/utils/db.server";
import { enqueueJob, registerJobHandler, unregisterJobHandler } from "../../app/utils/jobs.server";
import { env } from "../../app/utils/env.server";
import { startWorker, WORKER_STALL_MS } from "../../app/worker.server";

type Body = { status: string; reason?: string; checks: Record<string, string> };

async function readyz(): Promise<{ status: number; body: Body; cacheControl: string | null }> {
  const response = loader();
  return { status: response.status, body: (await response.json()) as Body, cacheControl: response.headers.get("Cache-Control") };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("GET /readyz", () => {
  it("is ready on a migrated, writable database with no worker in this process", async () => {
    const { status, body, cacheControl } = await readyz();
    expect(status).toBe(200);
    expect(body).toEqual({ status: "ready", checks: { migrations: "applied", database: "writable", worker: "not in this process", process: "running" } });
    expect(cacheControl).toBe("no-store");
  });

  it("is not ready while a migration this build ships is not applied, and says so", async () => {
    const newest = sqlite().prepare("SELECT * FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1").get() as {
      id: number | null;
      hash: string;
      created_at: number;
    };
    sqlite().prepare("DELETE FROM __drizzle_migrations WHERE created_at = ?").run(newest.created_at);
    try {
      const { status, body } = await readyz();
      expect(status).toBe(503);
      expect(body.checks.migrations).toBe("1 pending");
      expect(body.reason).toContain("1 migration(s) not applied");
      // Liveness is not readiness: the process still answers.
      expect(liveness().status).toBe(200);
    } finally {
      sqlite().prepare("INSERT INTO __drizzle_migrations (id, hash, created_at) VALUES (?, ?, ?)").run(newest.id, newest.hash, newest.created_at);
    }
    expect((await readyz()).status).toBe(200);
  });

  it("is not ready when the database does not take writes", async () => {
    // The file opened read-only, as after a remount or a permissions change.
    closeDb();
    const readOnly = new Database(env().databaseFile, { readonly: true });
    (globalThis as unknown as { __kizunaDb?: unknown }).__kizunaDb = { sqlite: readOnly, db: drizzle({ client: readOnly, schema, casing: "snake_case" }) };
    try {
      const { status, body } = await readyz();
      expect(status).toBe(503);
      expect(body.checks.database).toBe("not writable");
      expect(body.reason).toMatch(/the database does not take writes \(SQLITE_READONLY/);
    } finally {
      closeDb();
    }
    expect((await readyz()).status).toBe(200);
  });

  it("is still ready while another process holds the write lock (it is being written, so it is writable)", async () => {
    const other = new Database(env().databaseFile);
    other.exec("BEGIN IMMEDIATE");
    try {
      const started = Date.now();
      const { status, body } = await readyz();
      expect(status).toBe(200);
      expect(body.checks.database).toBe("writable (busy with another write)");
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
  });

  it("is not ready when the database cannot be reached", async () => {
    sqlite().close();
    try {
      const { status, body } = await readyz();
      expect(status).toBe(503);
      expect(body.checks.database).toBe("unreachable");
    } finally {
      closeDb();
    }
  });

  it("follows the in-process worker: alive, then stuck in a step, then stopped", async () => {
    let release = () => {};
    registerJobHandler("test.never-ends", () => new Promise<void>((resolve) => (release = resolve)));
    const stop = startWorker({ tickMs: 20 });
    try {
      let { status, body } = await readyz();
      expect(status).toBe(200);
      expect(body.checks.worker).toBe("alive");

      // A job that never finishes holds the jobs loop in its step.
      transaction((tx) => enqueueJob(tx, "test.never-ends", {}));
      await vi.waitFor(() => expect(sqlite().prepare("SELECT status FROM jobs WHERE type = 'test.never-ends'").pluck().get()).toBe("running"));
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + WORKER_STALL_MS + 60_000 });
      // The idle outbox loops come round (every 20 ms here); the jobs loop cannot.
      await new Promise((resolve) => setTimeout(resolve, 200));
      ({ status, body } = await readyz());
      expect(status).toBe(503);
      expect(body.checks.worker).toBe("stalled");
      expect(body.reason).toMatch(/the worker's jobs loop has not come round for \d+ s/);
      vi.useRealTimers();
    } finally {
      release();
      await stop();
      unregisterJobHandler("test.never-ends");
    }
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.checks.worker).toBe("stopped");
    expect(body.reason).toBe("the worker has stopped");
  });

  // Last: a process that is stopping stays so.
  it("is not ready once the process is shutting down, so a load balancer sends it nothing new", async () => {
    markShuttingDown();
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.checks.process).toBe("shutting down");
    expect(body.reason).toMatch(/^the process is shutting down/);
  });
});
