import { spawn, type ChildProcess } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jobs, outbox } from "../../db/schema";
import { claimOutboxBatch } from "../../app/models/outbox.server";
import { resumeLeasesOfDeadProcesses } from "../../app/services/resume-dead-leases.server";
import { BOOT_ID } from "../../app/utils/boot-id.server";
import { db, transaction } from "../../app/utils/db.server";
import { enqueueEmail } from "../../app/utils/email.server";
import { env } from "../../app/utils/env.server";
import { joinInstall } from "../../app/utils/install-lock.server";
import { claimDueJobs, enqueueJob, JOB_LEASE_MS } from "../../app/utils/jobs.server";

/*
 * kill -9 leaves the dead process's jobs and email batches leased for two minutes. A process
 * that holds the install lock alone resumes them at once; with another process of the install
 * alive (a second server, a separate worker), nothing is resumed and leases expire as before.
 */

const children = new Set<ChildProcess>();

type Started = { child: ChildProcess; line: Record<string, unknown>; output: () => string };

/** Starts test/integration/processes/start.ts in `mode` on this file's database; resolves on its first line. */
function startProcess(mode: "hold" | "boot" | "worker", extraEnv: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/integration/processes/start.ts", mode], {
    env: { ...process.env, KIZUNA_DEMO: "0", KIZUNA_WORKER: "1", NODE_ENV: "test", LOG_LEVEL: "info", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((l) => l.startsWith('{"started"'));
      if (line) resolve({ child, line: JSON.parse(line) as Record<string, unknown>, output: () => output });
    });
    child.on("exit", (code) => reject(new Error(`The ${mode} process exited (${code}) before starting:\n${output}`)));
  });
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

afterEach(async () => {
  await Promise.all([...children].map(kill9));
  children.clear();
});

/** A job and an email batch claimed by a process with another boot id, as a killed process leaves them. */
function leftByDeadProcess(now: number) {
  const jobId = transaction((tx) => enqueueJob(tx, "test.left-behind", {}, {}, now - 1000));
  const emailId = transaction((tx) =>
    enqueueEmail(tx, { template: "test", to: "left@example.com", subject: "Left behind", html: "<p>x</p>", text: "x", locale: "en" }, now - 1000),
  );
  const leaseUntil = now + JOB_LEASE_MS;
  db.update(jobs).set({ status: "running", leaseUntil, leaseBoot: "a-dead-boot", attempts: 1 }).where(eq(jobs.id, jobId)).run();
  db.update(outbox).set({ status: "sending", leaseUntil, leaseBoot: "a-dead-boot", batchId: "batch-of-the-dead" }).where(eq(outbox.id, emailId)).run();
  return { jobId, emailId };
}

const jobRow = (id: number) => db.select().from(jobs).where(eq(jobs.id, id)).get()!;
const emailRow = (id: number) => db.select().from(outbox).where(eq(outbox.id, id)).get()!;

beforeEach(() => {
  db.delete(jobs).run();
  db.delete(outbox).run();
});

describe("resuming leases after a crash", () => {
  it("resumes at start what a dead process had claimed: the job and the batch are claimable at once", async () => {
    const now = Date.now();
    const { jobId, emailId } = leftByDeadProcess(now);
    expect(claimDueJobs(now, 10)).toEqual([]);

    const booted = await startProcess("boot");
    expect(booted.output()).toContain("Resuming what a stopped process left in progress: 1 job(s), 1 email(s).");
    await kill9(booted.child);

    // The first pass of the worker, a moment after start, takes both, not two minutes later.
    const claimed = claimDueJobs(now + 1000, 10);
    expect(claimed.map((j) => j.id)).toEqual([jobId]);
    expect(claimed[0].leaseBoot).toBe(BOOT_ID);
    const batch = claimOutboxBatch(now + 1000, now + 1000 + JOB_LEASE_MS, "new-batch", 100);
    expect(batch).toMatchObject({ reclaimed: true });
    expect(batch.rows.map((r) => [r.id, r.batchId, r.leaseBoot])).toEqual([[emailId, "batch-of-the-dead", BOOT_ID]]);
  });

  it("does not resume while another process of the install is running, and does once it has died", async () => {
    const now = Date.now();
    const { jobId, emailId } = leftByDeadProcess(now);
    const other = await startProcess("hold");
    expect(other.line.alone).toBe(true);

    const overlapping = await startProcess("boot");
    expect(overlapping.output()).not.toContain("Resuming");
    expect(jobRow(jobId)).toMatchObject({ status: "running", leaseUntil: now + JOB_LEASE_MS });
    expect(emailRow(emailId)).toMatchObject({ status: "sending", leaseUntil: now + JOB_LEASE_MS });
    await kill9(overlapping.child);

    // The separate worker's leases still expire as they always did.
    expect(claimDueJobs(now + 1000, 10)).toEqual([]);
    expect(claimDueJobs(now + JOB_LEASE_MS + 1, 10).map((j) => j.id)).toEqual([jobId]);
    db.update(jobs)
      .set({ status: "running", leaseUntil: now + JOB_LEASE_MS, leaseBoot: "a-dead-boot" })
      .where(eq(jobs.id, jobId))
      .run();

    await kill9(other.child);
    const alone = joinInstall(env().databaseFile, resumeLeasesOfDeadProcesses);
    try {
      expect(alone.alone).toBe(true);
      expect(jobRow(jobId).leaseUntil).toBe(0);
      expect(emailRow(emailId).leaseUntil).toBe(0);
    } finally {
      alone.release();
    }
  });

  it("never lets two overlapping processes both find themselves alone, even when they start together", async () => {
    const started = await Promise.all([startProcess("hold"), startProcess("hold"), startProcess("hold")]);
    expect(started.filter((s) => s.line.alone === true)).toHaveLength(1);
  });

  it("leaves this process's own leases alone", () => {
    const now = Date.now();
    const jobId = transaction((tx) => enqueueJob(tx, "test.own", {}, {}, now));
    expect(claimDueJobs(now, 10).map((j) => j.id)).toEqual([jobId]);
    expect(resumeLeasesOfDeadProcesses()).toEqual({ jobs: 0, emails: 0 });
    expect(jobRow(jobId).leaseUntil).toBe(now + JOB_LEASE_MS);
  });

  it("with web and worker split (KIZUNA_WORKER=0 and npm run worker), neither resumes, even alone", async () => {
    const now = Date.now();
    const { jobId } = leftByDeadProcess(now);
    const web = await startProcess("boot", { KIZUNA_WORKER: "0" });
    await kill9(web.child);
    const worker = await startProcess("worker");
    await kill9(worker.child);
    expect(web.output() + worker.output()).not.toContain("Resuming");
    expect(jobRow(jobId).leaseUntil).toBe(now + JOB_LEASE_MS);
  });
});
