import type { Server } from "node:http";
import type * as ServerApi from "../app/server-api.server";

/** How long requests in flight may take to finish after SIGTERM before their connections are closed. */
export const REQUEST_GRACE_MS = 10_000;
/** The whole stop, worker included (a send times out after 30 s): past this the process exits 1, leases released. */
export const SHUTDOWN_LIMIT_MS = 45_000;

type ShutdownApi = Pick<typeof ServerApi, "log" | "markShuttingDown" | "releaseOwnLeases" | "closeDb">;

/**
 * A stop that loses nothing: readiness fails at once (a load balancer stops sending), the server
 * stops accepting connections and answers what it has (each with `Connection: close`, idle
 * keep-alive connections closed as they free up, the rest cut after REQUEST_GRACE_MS), the
 * worker finishes its current batch and job, what this process still holds is released, the
 * database is closed (its write-ahead log checkpointed), and the process exits 0.
 */
export function gracefulShutdown(api: ShutdownApi, parts: { server?: Server; stopWorker: () => Promise<void> }) {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    api.markShuttingDown();
    api.log().info({ signal }, "Shutting down: finishing the requests in flight and the worker's current batch");
    const limit = setTimeout(() => {
      api.log().error({ ms: SHUTDOWN_LIMIT_MS }, "Shutdown took too long; stopping now (what is left is released for the next start)");
      finish(1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();

    const requestsDone = new Promise<void>((resolve) => {
      const { server } = parts;
      if (!server) return resolve();
      server.close(() => resolve());
      // Connections kept alive after their last response hold close() open: close them as they go idle.
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      const cut = setTimeout(() => {
        api.log().warn({ ms: REQUEST_GRACE_MS }, "Requests still in flight after the grace period are cut off");
        server.closeAllConnections();
      }, REQUEST_GRACE_MS);
      server.once("close", () => {
        clearInterval(idle);
        clearTimeout(cut);
      });
    });
    await Promise.all([requestsDone, parts.stopWorker()]);
    clearTimeout(limit);
    finish(0, Date.now() - started);
  };

  function finish(code: number, ms?: number) {
    let released = { jobs: 0, emails: 0 };
    try {
      released = api.releaseOwnLeases();
      api.closeDb();
    } catch (error) {
      api.log().error({ err: error }, "Releasing leases or closing the database failed");
      code = 1;
    }
    api.log().info({ released, ...(ms === undefined ? {} : { ms }) }, "Stopped");
    process.exit(code);
  }

  /** True while stopping: a response then asks its client not to reuse the connection. */
  const isStopping = () => stopping;
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  return { isStopping };
}
