import { pruneRateLimits } from "./utils/rate-limit.server";
import { pruneExpiredSessions } from "./utils/session.server";

const TICK_MS = 500;

/** Starts the worker loop; returns a function that stops it after the current tick. */
export function startWorker(): () => Promise<void> {
  let stopped = false;
  let lastHousekeeping = 0;
  const loop = (async () => {
    while (!stopped) {
      const now = Date.now();
      if (now - lastHousekeeping > 60_000) {
        pruneExpiredSessions(now);
        pruneRateLimits(now);
        lastHousekeeping = now;
      }
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
