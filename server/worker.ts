import { loadBuild } from "./load-build";
import { gracefulShutdown } from "./shutdown";

/** Runs the outbox and job worker alone, for deployments that split web and worker. */
const { api } = await loadBuild();
const { startWorker } = await api.boot("worker");
const stopWorker = startWorker();
api.log().info("Kizuna worker is running.");
gracefulShutdown(api, { stopWorker });
