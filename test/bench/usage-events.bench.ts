import autocannon from "autocannon";
import { copyFileSync } from "node:fs";
import type { Bench, Figure } from "./harness";
import { answerDatabase, benchToken } from "./lib/answer-data";
import { migratedDatabase } from "./lib/databases";
import { adminCookie } from "./lib/export-download";
import { startApp, startBareServer, type RunningServer } from "./lib/servers";
import { pacedLoad } from "./lib/paced-load";
import { addUsageData, USAGE_BENCH_KEY, usageBatches } from "./lib/usage-data";

const ACCOUNTS = 200;
const BATCH = 1_000;
/** Unique batches prepared before the load (a batch sent twice would be all duplicates, which cost less). */
const BATCHES = 1_200;
/** The steady stream of P10: 5,000 events a second. */
const STEADY_BATCHES_PER_SECOND = 5;

const bodies = usageBatches(BATCHES, BATCH, ACCOUNTS);
const EVENT_HEADERS = { Authorization: `Bearer ${USAGE_BENCH_KEY}`, "Content-Type": "application/json" };

/** Sends the prepared batches, each once, to POST /api/v1/events. */
async function eventLoad(server: RunningServer, options: { connections: number; durationSeconds: number; warmupSeconds: number }) {
  let n = 0;
  const requests = [
    {
      method: "POST" as const,
      setupRequest(request: Record<string, unknown>) {
        return { ...request, body: bodies[n++ % BATCHES] };
      },
    },
  ];
  const base = {
    url: `${server.url}/api/v1/events`,
    connections: options.connections,
    headers: EVENT_HEADERS,
    requests,
  };
  if (options.warmupSeconds > 0) await autocannon({ ...base, duration: options.warmupSeconds });
  const result = await autocannon({ ...base, duration: options.durationSeconds });
  if (n > BATCHES) throw new Error(`The load sent ${n} batches, more than the ${BATCHES} prepared: raise BATCHES so none is sent twice.`);
  return {
    eventsPerSecond: (result["2xx"] * BATCH) / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** p95 of `runs` sequential full responses of `path` (read to the last byte). */
async function pageP95(url: string, cookie: string | undefined, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
    await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)];
}

/**
 * P10 (issue 15): POST /api/v1/events with 1,000-event batches on the built app against a bare
 * node:http + better-sqlite3 server inserting the same batches into the same table, same run;
 * then a steady 5,000 events a second while a survey page and console pages are timed.
 */
const bench: Bench = {
  name: "usage-events",
  description: "P10: usage events in 1,000-event batches, app vs a bare node:http + better-sqlite3 insert; pages while 5,000 events/s arrive",
  async run(ctx) {
    const connections = 4;
    ctx.log(`saturating: ${connections} connections, ${ctx.durationSeconds} s after a 2 s warm-up, app then bare`);
    const base = migratedDatabase("usage");
    addUsageData(base, ACCOUNTS);
    const copy = (name: string) => {
      const target = migratedDatabase(name);
      copyFileSync(base, target);
      return target;
    };
    const app = await startApp({ databaseFile: copy("usage-app"), worker: false });
    const appFigures = await eventLoad(app, { connections, durationSeconds: ctx.durationSeconds, warmupSeconds: 2 }).finally(() => app.stop());
    const bare = await startBareServer({ databaseFile: copy("usage-bare"), handler: "test/bench/bare/events.ts", readyPath: "/healthz" });
    const bareFigures = await eventLoad(bare, { connections, durationSeconds: ctx.durationSeconds, warmupSeconds: 2 }).finally(() => bare.stop());

    ctx.log(`steady ${STEADY_BATCHES_PER_SECOND * BATCH} events/s while a survey page and console pages are timed`);
    const answers = answerDatabase(1_000);
    const mixedFile = addUsageData(answers.copy("usage-mixed"), ACCOUNTS);
    const cookie = await adminCookie(mixedFile);
    const mixed = await startApp({ databaseFile: mixedFile, worker: false });
    let steady: Awaited<ReturnType<typeof pacedLoad>>;
    const pages: Figure[] = [];
    try {
      const timed: [string, string, string | undefined][] = [
        ["survey page", `/s/${benchToken(1)}?score=9`, undefined],
        ["console dashboard", "/cs", cookie],
        ["console accounts", "/cs/accounts", cookie],
        ["console responses", "/cs/responses", cookie],
      ];
      for (const [, path, pageCookie] of timed) await pageP95(`${mixed.url}${path}`, pageCookie, 3);
      // Batches arriving evenly (an open loop), as a product's event forwarder sends them.
      const stream = pacedLoad({
        url: mixed.url,
        rate: STEADY_BATCHES_PER_SECOND,
        connections: 2,
        durationSeconds: ctx.durationSeconds,
        warmupSeconds: 1,
        request: (i) => ({ method: "POST", path: "/api/v1/events", headers: EVENT_HEADERS, body: bodies[i % BATCHES] }),
        ok: (status) => status === 202,
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      for (const [label, path, pageCookie] of timed) {
        pages.push({
          label: `${label} p95 while events arrive`,
          value: await pageP95(`${mixed.url}${path}`, pageCookie, 20),
          unit: "ms",
          threshold: { max: 100 },
        });
      }
      steady = await stream;
    } finally {
      await mixed.stop();
    }
    return [
      { label: "app events/s", value: appFigures.eventsPerSecond, unit: "events/s" },
      { label: "app batch latency p99 (saturated)", value: appFigures.p99Ms, unit: "ms" },
      { label: "app refused or failed", value: appFigures.failures, unit: "requests", threshold: { max: 0 } },
      { label: "baseline events/s", value: bareFigures.eventsPerSecond, unit: "events/s" },
      { label: "app / baseline events/s", value: appFigures.eventsPerSecond / bareFigures.eventsPerSecond, unit: "ratio", threshold: { min: 0.5 } },
      { label: `batch latency p99 at ${STEADY_BATCHES_PER_SECOND * BATCH} events/s`, value: steady.p99Ms, unit: "ms", threshold: { max: 100 } },
      { label: "events refused or failed at that rate", value: steady.failures, unit: "requests", threshold: { max: 0 } },
      ...pages,
    ];
  },
};

export default bench;
