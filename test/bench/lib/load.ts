import autocannon, { type Options, type Result } from "autocannon";

export type LoadFigures = {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers, socket errors and timeouts: anything but a success. */
  failures: number;
  requests: number;
};

function figures(result: Result): LoadFigures {
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    requests: result.requests.total,
  };
}

/**
 * Loads `url` with autocannon: a short warm-up first (JIT, caches, connection pools) whose
 * figures are thrown away, then `durationSeconds` measured.
 */
export async function load(options: Options & { durationSeconds: number; warmupSeconds?: number }): Promise<LoadFigures> {
  const { durationSeconds, warmupSeconds = 2, ...rest } = options;
  if (warmupSeconds > 0) await autocannon({ ...rest, duration: warmupSeconds });
  return figures(await autocannon({ ...rest, duration: durationSeconds }));
}

/**
 * Starts a server, loads it, reads its peak memory, and stops it (also when the load fails).
 * `options` are autocannon's (method, headers, body, requests) besides the URL.
 */
export async function loadServer(
  start: () => Promise<{ url: string; peakRssMb(): number | null; stop(): Promise<void> }>,
  path: string,
  options: Omit<Options, "url"> & { durationSeconds: number; warmupSeconds?: number },
): Promise<LoadFigures & { peakRssMb: number | null }> {
  const server = await start();
  try {
    const figures = await load({ ...options, url: `${server.url}${path}` });
    return { ...figures, peakRssMb: server.peakRssMb() };
  } finally {
    await server.stop();
  }
}
