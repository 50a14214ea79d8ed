import { Pool } from "undici";

export type PacedRequest = { method: "GET" | "POST" | "PUT"; path: string; headers?: Record<string, string>; body?: string };

export type PacedFigures = {
  /** Requests offered per second (what was scheduled, whether or not the server kept up). */
  offeredPerSecond: number;
  completedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers with a status `ok` refuses, socket errors and timeouts. */
  failures: number;
  requests: number;
};

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * An open-loop load at a steady rate: request i is due at start + i / rate, whatever happened to
 * the ones before, over a pool of keep-alive connections. Latency runs from when a request was
 * due, not from when a free connection sent it, so a server that falls behind pays for the queue
 * it builds (no coordinated omission).
 *
 * Why not autocannon's `overallRate`: it lets each connection send its quota for the second
 * back-to-back at the start of every second, so its "latency at a rate" is how long a server takes
 * to drain a one-second burst — a throughput figure in disguise.
 */
async function pacedRun(
  pool: Pool,
  options: {
    rate: number;
    durationSeconds: number;
    request: (index: number) => PacedRequest;
    ok: (status: number) => boolean;
  },
): Promise<PacedFigures> {
  const { rate, durationSeconds, request, ok } = options;
  const total = Math.max(1, Math.round(rate * durationSeconds));
  const latencies = new Float64Array(total);
  let completed = 0;
  let failures = 0;
  const start = performance.now();
  const intervalMs = 1000 / rate;

  const send = async (index: number, dueAt: number) => {
    try {
      const { method, path, headers, body } = request(index);
      const response = await pool.request({ method, path, headers, body });
      await response.body.dump();
      if (!ok(response.statusCode)) failures += 1;
    } catch {
      failures += 1;
    }
    latencies[completed++] = performance.now() - dueAt;
  };

  const inFlight: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * intervalMs <= now) {
        inFlight.push(send(next, start + next * intervalMs));
        next += 1;
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  const elapsedSeconds = (performance.now() - start) / 1000;

  const sorted = latencies.slice(0, completed).sort();
  return {
    offeredPerSecond: rate,
    completedPerSecond: completed / elapsedSeconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    failures,
    requests: completed,
  };
}

/**
 * A warm-up at the same rate on the same connections (JIT, caches, the collector settling after
 * start: a fresh server answers its first seconds far slower), whose figures are thrown away,
 * then the measured run.
 */
export async function pacedLoad(options: {
  url: string;
  rate: number;
  durationSeconds: number;
  warmupSeconds?: number;
  connections?: number;
  request: (index: number) => PacedRequest;
  ok?: (status: number) => boolean;
}): Promise<PacedFigures> {
  const { url, warmupSeconds = 5, connections = 100, ok = (status) => status < 400, ...rest } = options;
  const pool = new Pool(url, { connections, pipelining: 1, headersTimeout: 10_000, bodyTimeout: 10_000 });
  try {
    const warmupRequests = Math.round(options.rate * warmupSeconds);
    if (warmupSeconds > 0) await pacedRun(pool, { ...rest, ok, durationSeconds: warmupSeconds });
    // The measured run continues the request sequence, so it never repeats what the warm-up sent.
    return await pacedRun(pool, { ...rest, ok, request: (index) => options.request(warmupRequests + index) });
  } finally {
    await pool.close();
  }
}
