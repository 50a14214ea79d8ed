import type { Bench } from "./harness";
import { migratedDatabase } from "./lib/databases";
import { loadServer } from "./lib/load";
import { startApp, startBareServer } from "./lib/servers";

/**
 * GET /healthz (one real database round-trip) on the built app — Express, the Remix request
 * handler, the in-process worker — against a bare node:http + better-sqlite3 server doing the
 * same query on the same file, one after the other in the same run.
 */
const bench: Bench = {
  name: "healthz",
  description: "GET /healthz: the built app vs a bare node:http + better-sqlite3 server, same query",
  async run(ctx) {
    const databaseFile = migratedDatabase("healthz");
    const options = { connections: ctx.connections, durationSeconds: ctx.durationSeconds };

    ctx.log(`app: ${ctx.connections} connections, ${ctx.durationSeconds} s after a 2 s warm-up`);
    const app = await loadServer(() => startApp({ databaseFile }), "/healthz", options);

    ctx.log("bare node:http + better-sqlite3: the same load");
    const bare = await loadServer(() => startBareServer({ databaseFile, handler: "test/bench/bare/healthz.ts", readyPath: "/healthz" }), "/healthz", options);

    return [
      { label: "app requests/s", value: app.requestsPerSecond, unit: "req/s" },
      { label: "app latency p50", value: app.p50Ms, unit: "ms" },
      { label: "app latency p99", value: app.p99Ms, unit: "ms" },
      { label: "app failed requests", value: app.failures, unit: "requests" },
      { label: "app peak RSS", value: app.peakRssMb ?? NaN, unit: "MB" },
      { label: "baseline requests/s", value: bare.requestsPerSecond, unit: "req/s" },
      { label: "baseline latency p50", value: bare.p50Ms, unit: "ms" },
      { label: "baseline latency p99", value: bare.p99Ms, unit: "ms" },
      { label: "baseline failed requests", value: bare.failures, unit: "requests" },
      { label: "baseline peak RSS", value: bare.peakRssMb ?? NaN, unit: "MB" },
      { label: "app / baseline requests/s", value: app.requestsPerSecond / bare.requestsPerSecond, unit: "ratio" },
    ];
  },
};

export default bench;
