import autocannon from "autocannon";
import type { Bench } from "./harness";
import { answerDatabase, benchToken } from "./lib/answer-data";
import { pacedLoad } from "./lib/paced-load";
import { startApp, startBareServer, type RunningServer } from "./lib/servers";

const TOKENS = 100_000;
const COMMENTS = ["", "Great support team.", "サポートの対応が早くて助かります。", "Reports are slow to load."];

/**
 * P1 (issue 3): the survey answer POST on the built app against a bare node:http +
 * better-sqlite3 server doing the same insert, same run, same data. Every request answers a
 * different invitation from a different client address (the app runs with TRUST_PROXY=1 and
 * each request carries its own X-Forwarded-For), so the app's per-token and per-IP limits are
 * paid for, as in a real wave, but never hit.
 */
// Paths and bodies are made before the load, so the load generator spends its time sending.
const PATHS = Array.from({ length: TOKENS }, (_, i) => `/s/${benchToken(i)}`);
const BODIES = Array.from({ length: 11 * COMMENTS.length }, (_, i) =>
  new URLSearchParams({ score: String(i % 11), comment: COMMENTS[i % COMMENTS.length] }).toString(),
);

function answerRequest(i: number) {
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return {
    method: "POST" as const,
    path: PATHS[i % TOKENS],
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip },
    body: BODIES[i % BODIES.length],
  };
}

/** As fast as the server answers, `connections` at a time (a closed loop): its throughput. */
async function answerLoad(server: RunningServer, connections: number, durationSeconds: number, warmupSeconds = 2) {
  let n = 0;
  const requests = [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, ...answerRequest(n++) }) }];
  const options = { url: server.url, connections, requests };
  await autocannon({ ...options, duration: warmupSeconds });
  const result = await autocannon({ ...options, duration: durationSeconds });
  return {
    answersPerSecond: result["3xx"] / result.duration,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    refused: result["4xx"] + result["5xx"] + result.errors + result.timeouts,
    peakRssMb: server.peakRssMb(),
  };
}

/** Answers arriving evenly at `rate` a second, whatever the server does (an open loop): the wait a person sees. */
async function answerLatencyAt(server: RunningServer, rate: number, connections: number, durationSeconds: number) {
  const figures = await pacedLoad({ url: server.url, rate, connections, durationSeconds, request: answerRequest, ok: (status) => status === 303 });
  return { p99Ms: figures.p99Ms, p50Ms: figures.p50Ms, refused: figures.failures };
}

const bench: Bench = {
  name: "answer",
  description: "P1: POST /s/:token answers/s on the built app vs a bare node:http + better-sqlite3 upsert, 100 connections",
  async run(ctx) {
    ctx.log(`preparing ${TOKENS.toLocaleString("en")} open invitations`);
    const data = answerDatabase(TOKENS);

    ctx.log(`app: ${ctx.connections} connections, ${ctx.durationSeconds} s after a 2 s warm-up`);
    const app = await startApp({ databaseFile: data.copy("answer-app"), worker: false, env: { TRUST_PROXY: "1" } });
    const appFigures = await answerLoad(app, ctx.connections, ctx.durationSeconds).finally(() => app.stop());

    ctx.log("bare node:http + better-sqlite3: the same load");
    const bare = await startBareServer({ databaseFile: data.copy("answer-bare"), handler: "test/bench/bare/answer.ts", readyPath: "/healthz" });
    const bareFigures = await answerLoad(bare, ctx.connections, ctx.durationSeconds).finally(() => bare.stop());

    // Latency at saturation is connections / throughput (a closed loop), so its ratio would only
    // repeat the throughput's. Latency is compared at one offered rate both servers can carry:
    // half of the slower one's throughput, arriving evenly (lib/paced-load), on fresh copies of the data.
    // BENCH_ANSWER_RATE fixes it instead (answers/s), to compare runs on a machine whose load moves.
    const rate = Number(process.env.BENCH_ANSWER_RATE) || Math.max(1, Math.round(Math.min(appFigures.answersPerSecond, bareFigures.answersPerSecond) / 2));
    ctx.log(`latency at ${rate} answers/s offered, app then bare`);
    const appAtRate = await startApp({ databaseFile: data.copy("answer-app-rate"), worker: false, env: { TRUST_PROXY: "1" } });
    const appRate = await answerLatencyAt(appAtRate, rate, ctx.connections, ctx.durationSeconds).finally(() => appAtRate.stop());
    const bareAtRate = await startBareServer({ databaseFile: data.copy("answer-bare-rate"), handler: "test/bench/bare/answer.ts", readyPath: "/healthz" });
    const bareRate = await answerLatencyAt(bareAtRate, rate, ctx.connections, ctx.durationSeconds).finally(() => bareAtRate.stop());

    return [
      { label: "app answers/s", value: appFigures.answersPerSecond, unit: "answers/s" },
      { label: "app latency p50 (saturated)", value: appFigures.p50Ms, unit: "ms" },
      { label: "app latency p99 (saturated)", value: appFigures.p99Ms, unit: "ms" },
      { label: "app refused or failed", value: appFigures.refused, unit: "requests", threshold: { max: 0 } },
      { label: "app peak RSS", value: appFigures.peakRssMb ?? NaN, unit: "MB" },
      { label: "baseline answers/s", value: bareFigures.answersPerSecond, unit: "answers/s" },
      { label: "baseline latency p99 (saturated)", value: bareFigures.p99Ms, unit: "ms" },
      { label: "app / baseline answers/s", value: appFigures.answersPerSecond / bareFigures.answersPerSecond, unit: "ratio", threshold: { min: 0.6 } },
      { label: "app / baseline latency p99 (saturated)", value: appFigures.p99Ms / bareFigures.p99Ms, unit: "ratio" },
      { label: "offered rate for latency", value: rate, unit: "answers/s" },
      { label: "app latency p50 at that rate", value: appRate.p50Ms, unit: "ms" },
      { label: "app latency p99 at that rate", value: appRate.p99Ms, unit: "ms" },
      { label: "baseline latency p99 at that rate", value: bareRate.p99Ms, unit: "ms" },
      { label: "app refused or failed at that rate", value: appRate.refused, unit: "requests", threshold: { max: 0 } },
      // Relative, so that a busier machine moves both sides: an absolute bound measured the machine.
      { label: "app / baseline latency p99 at that rate", value: appRate.p99Ms / bareRate.p99Ms, unit: "ratio", threshold: { max: 1.2 } },
    ];
  },
};

export default bench;
