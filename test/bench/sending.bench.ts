import { existsSync, statSync } from "node:fs";
import { startFakeResend } from "../fake-resend/server";
import type { Bench } from "./harness";
import { checkDelivery, envNumber, launchThroughApi, sendingDatabase } from "./lib/sending";
import { startApp } from "./lib/servers";

/**
 * P2: a wave of 100,000 invitations through the built app's in-process worker to the fake
 * Resend, which enforces a rate limit (requests per second, 100 emails per batch). The fake runs
 * in this process, so the memory measured is the app's alone.
 * Options: BENCH_SENDING_CONTACTS (default 100000), BENCH_SENDING_RATE (requests/s, default 10),
 * BENCH_SENDING_NODE_OPTIONS (NODE_OPTIONS for the app alone, e.g. a heap cap to compare memory),
 * BENCH_SENDING_NODE_FLAGS (node flags for the app alone, e.g. `--cpu-prof --cpu-prof-dir=DIR`).
 */
const BATCH = 100;

const bench: Bench = {
  name: "sending",
  description: "P2: a 100,000-contact wave launched through the API, sent through the rate-limited fake Resend",
  async run(ctx) {
    const contacts = Math.round(envNumber("BENCH_SENDING_CONTACTS", 100_000));
    const rate = envNumber("BENCH_SENDING_RATE", 10);
    const allowed = rate * BATCH;

    let started = performance.now();
    const database = sendingDatabase("sending", contacts);
    ctx.log(`${contacts.toLocaleString("en-US")} eligible contacts written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const fake = await startFakeResend({ rateLimitPerSecond: rate, apiKey: "re_bench_sending", keepBodies: false });
    const app = await startApp({
      databaseFile: database.file,
      env: {
        APP_URL: "https://kizuna.bench.example",
        RESEND_API_KEY: "re_bench_sending",
        RESEND_BASE_URL: fake.url,
        ...(process.env.BENCH_SENDING_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SENDING_NODE_OPTIONS } : {}),
      },
      nodeFlags: process.env.BENCH_SENDING_NODE_FLAGS?.split(/\s+/).filter(Boolean),
    });
    try {
      ctx.log(`limit ${rate} requests/s × ${BATCH} = ${allowed} emails/s; launching through POST /api/v1/campaigns`);
      const sizeBeforeLaunch = databaseBytes(database.file);
      started = performance.now();
      const launchedAt = Date.now();
      const launched = await launchThroughApi(app.url, database.apiKey, "Bench wave");
      const launchMs = performance.now() - started;
      if (launched.recipients !== contacts) throw new Error(`The wave counts ${launched.recipients} recipients, not ${contacts}.`);

      // Until every email has arrived, or nothing new arrived for a minute.
      let last = { emails: 0, at: performance.now() };
      let nextLog = performance.now() + 10_000;
      for (;;) {
        const { emails } = fake.stats();
        const now = performance.now();
        if (emails !== last.emails) last = { emails, at: now };
        if (emails >= contacts) break;
        if (now - last.at > 60_000) throw new Error(`Sending stalled at ${emails} of ${contacts} emails:\n${app.output().slice(-3000)}`);
        if (now >= nextLog) {
          ctx.log(`${emails.toLocaleString("en-US")} emails received after ${((now - started) / 1000).toFixed(0)} s`);
          nextLog = now + 10_000;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const totalSeconds = (performance.now() - started) / 1000;
      const peakRssMb = app.peakRssMb();
      const grownMb = (databaseBytes(database.file) - sizeBeforeLaunch) / 1e6;
      // A moment for anything sent twice to arrive before counting.
      await new Promise((resolve) => setTimeout(resolve, 2_000));

      const requests = fake.requests();
      const batches = requests.filter((r) => r.status === 200 && !r.replayed);
      const first = batches[0];
      const lastBatch = batches[batches.length - 1];
      // Emails after the first batch over the time from the first batch to the last.
      const windowSeconds = (lastBatch.at - first.at) / 1000;
      const sendRate = (batches.reduce((sum, r) => sum + r.size, 0) - first.size) / windowSeconds;
      const check = checkDelivery(fake.emails(), requests, contacts);
      // Accepted batches per second of the limit's window: where the sender fell short of it.
      const perSecond = new Map<number, number>();
      for (const r of batches) perSecond.set(Math.floor(r.at / 1000), (perSecond.get(Math.floor(r.at / 1000)) ?? 0) + 1);
      const histogram = new Map<number, number>();
      for (let second = Math.floor(first.at / 1000) + 1; second < Math.floor(lastBatch.at / 1000); second++) {
        const n = perSecond.get(second) ?? 0;
        histogram.set(n, (histogram.get(n) ?? 0) + 1);
      }
      ctx.log(
        `seconds by batches accepted in them: ${[...histogram]
          .sort((x, y) => y[0] - x[0])
          .map(([n, seconds]) => `${n}: ${seconds}`)
          .join(", ")}`,
      );
      ctx.log(
        `first batch ${((first.at - launchedAt) / 1000).toFixed(1)} s after launch; ${batches.length} batches; ${check.replayed} replayed; ${check.otherFailures} other failures`,
      );

      return [
        { label: "recipients", value: contacts, unit: "contacts" },
        { label: "launch (API call)", value: launchMs, unit: "ms" },
        { label: "total time, launch to last email", value: totalSeconds, unit: "s" },
        { label: "sending window, first to last batch", value: windowSeconds, unit: "s" },
        { label: "rate limit allows", value: allowed, unit: "emails/s" },
        { label: "sustained send rate", value: sendRate, unit: "emails/s" },
        { label: "send rate / limit", value: sendRate / allowed, unit: "ratio", threshold: { min: 0.95 } },
        { label: "app peak RSS", value: peakRssMb ?? NaN, unit: "MB", threshold: { max: 300 } },
        { label: "database growth per 1,000 emails (file + WAL)", value: (grownMb * 1000) / contacts, unit: "MB" },
        { label: "emails accepted", value: check.accepted, unit: "emails" },
        { label: "missing recipients", value: check.missing, unit: "contacts", threshold: { max: 0 } },
        { label: "duplicate emails (recipient, campaign)", value: check.duplicates, unit: "emails", threshold: { max: 0 } },
        { label: "accepted requests", value: check.acceptedRequests, unit: "requests" },
        { label: "accepted requests - distinct keys", value: check.acceptedRequests - check.distinctKeys, unit: "requests", threshold: { max: 0 } },
        { label: "429 answers", value: check.rateLimited, unit: "requests" },
      ];
    } finally {
      await app.stop();
      await fake.close();
    }
  },
};

/** The database's size on disk with its write-ahead log: what a wave adds to it, and to every backup. */
function databaseBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, path) => sum + (existsSync(path) ? statSync(path).size : 0), 0);
}

export default bench;
