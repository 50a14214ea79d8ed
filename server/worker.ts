import { loadBuild } from "./load-build";

/** Runs the outbox and job worker alone, for deployments that split web and worker. */
const { api } = await loadBuild();
const { startWorker } = await api.boot("worker");
const stop = startWorker();
api.log().info("Kizuna worker is running.");

async function shutdown() {
  await stop();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
