import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobs } from "../../db/schema";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { db, transaction } from "../../app/utils/db.server";
import { claimDueJobs, enqueueJob, JOB_LEASE_MS, registerJobHandler, unregisterJobHandler } from "../../app/utils/jobs.server";

const job = (id: number) => db.select().from(jobs).where(eq(jobs.id, id)).get()!;
const at = (t: number) => () => t;

let seen: unknown[] = [];
let failuresLeft = 0;

beforeEach(() => {
  seen = [];
  failuresLeft = 0;
  db.delete(jobs).run();
  registerJobHandler("test.record", (payload) => {
    seen.push(payload);
  });
  registerJobHandler("test.flaky", (payload) => {
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error("the downstream service is unavailable");
    }
    seen.push(payload);
  });
});

afterEach(() => {
  unregisterJobHandler("test.record");
  unregisterJobHandler("test.flaky");
});

describe("background jobs", () => {
  it("runs a due job once with its payload and marks it done", async () => {
    const now = Date.now();
    const id = transaction((tx) => enqueueJob(tx, "test.record", { campaignId: 7 }, {}, now));
    const summary = await runDueJobs({ clock: at(now) });
    expect(summary).toEqual({ claimed: 1, done: 1, retried: 0, dead: 0 });
    expect(seen).toEqual([{ campaignId: 7 }]);
    expect(job(id)).toMatchObject({ status: "done", attempts: 1, leaseUntil: null, finishedAt: now });
    expect((await runDueJobs({ clock: at(now + 60_000) })).claimed).toBe(0);
  });

  it("waits for runAt", async () => {
    const now = Date.now();
    const id = transaction((tx) => enqueueJob(tx, "test.record", 1, { runAt: now + 60_000 }, now));
    expect((await runDueJobs({ clock: at(now) })).claimed).toBe(0);
    expect((await runDueJobs({ clock: at(now + 60_000) })).done).toBe(1);
    expect(job(id).status).toBe("done");
  });

  it("is written with the business change or not at all", () => {
    expect(() =>
      transaction((tx) => {
        enqueueJob(tx, "test.record", {});
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(db.select().from(jobs).all()).toHaveLength(0);
  });

  it("keeps one job per unique key and returns the first job's id", () => {
    const first = transaction((tx) => enqueueJob(tx, "test.record", { n: 1 }, { uniqueKey: "reminder:campaign-3:contact-9" }));
    const second = transaction((tx) => enqueueJob(tx, "test.record", { n: 2 }, { uniqueKey: "reminder:campaign-3:contact-9" }));
    expect(second).toBe(first);
    const all = db.select().from(jobs).all();
    expect(all).toHaveLength(1);
    expect(all[0].payload).toEqual({ n: 1 });
  });

  it("retries a failing job with exponential backoff and jitter, keeping the error, then succeeds", async () => {
    const now = Date.now();
    failuresLeft = 2;
    const id = transaction((tx) => enqueueJob(tx, "test.flaky", "payload", {}, now));

    expect(await runDueJobs({ clock: at(now) })).toMatchObject({ retried: 1 });
    const first = job(id);
    expect(first).toMatchObject({ status: "queued", attempts: 1, leaseUntil: null });
    expect(first.lastError).toContain("the downstream service is unavailable");
    expect(first.runAt - now).toBeGreaterThanOrEqual(5_000);
    expect(first.runAt - now).toBeLessThanOrEqual(10_000);

    expect((await runDueJobs({ clock: at(first.runAt - 1) })).claimed).toBe(0);
    await runDueJobs({ clock: at(first.runAt) });
    const second = job(id);
    expect(second.attempts).toBe(2);
    expect(second.runAt - first.runAt).toBeGreaterThanOrEqual(10_000);
    expect(second.runAt - first.runAt).toBeLessThanOrEqual(20_000);

    expect(await runDueJobs({ clock: at(second.runAt) })).toMatchObject({ done: 1 });
    expect(job(id)).toMatchObject({ status: "done", attempts: 3 });
    expect(seen).toEqual(["payload"]);
  });

  it("dead-letters a job that keeps failing after maxAttempts, keeping the last error", async () => {
    let now = Date.now();
    failuresLeft = 100;
    const id = transaction((tx) => enqueueJob(tx, "test.flaky", {}, { maxAttempts: 3 }, now));
    for (let i = 0; i < 3; i++) {
      await runDueJobs({ clock: at(now) });
      now = job(id).runAt;
    }
    const dead = job(id);
    expect(dead).toMatchObject({ status: "dead", attempts: 3 });
    expect(dead.lastError).toContain("Attempt 3 of 3");
    expect(dead.lastError).toContain("the downstream service is unavailable");
    expect((await runDueJobs({ clock: at(now + 86_400_000) })).claimed).toBe(0);
  });

  it("dead-letters a job whose type has no handler, saying so", async () => {
    const now = Date.now();
    const id = transaction((tx) => enqueueJob(tx, "test.unknown", {}, {}, now));
    expect(await runDueJobs({ clock: at(now) })).toMatchObject({ dead: 1 });
    expect(job(id)).toMatchObject({ status: "dead", lastError: 'No handler is registered for job type "test.unknown".' });
  });

  it("runs a job again when its worker died holding the lease, once the lease expires", async () => {
    const now = Date.now();
    const id = transaction((tx) => enqueueJob(tx, "test.record", { resume: true }, {}, now));
    // A worker claims it and dies.
    expect(claimDueJobs(now, 10).map((j) => j.id)).toEqual([id]);
    expect(job(id)).toMatchObject({ status: "running", attempts: 1 });

    expect((await runDueJobs({ clock: at(now + 1_000) })).claimed).toBe(0);
    expect(await runDueJobs({ clock: at(now + JOB_LEASE_MS + 1) })).toMatchObject({ claimed: 1, done: 1 });
    expect(job(id)).toMatchObject({ status: "done", attempts: 2 });
    expect(seen).toEqual([{ resume: true }]);
  });

  it("dead-letters a job whose worker died on its last allowed attempt", async () => {
    const now = Date.now();
    const id = transaction((tx) => enqueueJob(tx, "test.record", {}, { maxAttempts: 1 }, now));
    claimDueJobs(now, 10);
    expect(await runDueJobs({ clock: at(now + JOB_LEASE_MS + 1) })).toMatchObject({ claimed: 0, dead: 1 });
    expect(job(id).status).toBe("dead");
    expect(job(id).lastError).toContain("lease expired");
    expect(seen).toEqual([]);
  });

  it("does not let two workers take the same job", async () => {
    const now = Date.now();
    transaction((tx) => enqueueJob(tx, "test.record", {}, {}, now));
    const a = claimDueJobs(now, 10);
    const b = claimDueJobs(now, 10);
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(0);
  });
});
