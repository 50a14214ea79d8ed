import { createRequestHandler } from "@remix-run/node";
import express from "express";
import { readdirSync } from "node:fs";
import { createServer } from "node:http";
import { createAnswerFastPath } from "./answer-fast-path";
import { responseCompression } from "./compression";
import { listen, StartupError } from "./listen";
import { loadBuild } from "./load-build";
import { createRemixHandler } from "./remix-handler";
import { createRequestTracker } from "./request-tracking";
import { gracefulShutdown } from "./shutdown";
import { discardBody, refuseOversizeBody } from "./request-body";

/**
 * Kizuna's one process: validates the environment, migrates, bootstraps the first admin and
 * demo data, serves the Remix build, and runs the worker in-process unless KIZUNA_WORKER=0.
 */
const { build, api } = await loadBuild();
const { env, startWorker } = await api.boot("server");

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", false);

app.use(responseCompression("public/build"));
// The few top-level public files are known at start: no disk lookup for every page request.
const publicFiles = new Set(
  readdirSync("public", { withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => `/${f.name}`),
);
const servePublic = express.static("public", { maxAge: "1h", index: false });
app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
app.all(
  "*",
  createRemixHandler(createRequestHandler(build, "production"), (error, message) => api.log().error({ err: error }, message)),
);

/** The address the nearest proxy saw: the last entry, the only one a client cannot forge. */
function forwardedFor(header: string | string[] | undefined): string | undefined {
  const last = [header ?? []].flat().join(",").split(",").at(-1)?.trim();
  return last ? last : undefined;
}

const answerFastPath = createAnswerFastPath(build, api, env.APP_URL);
const routePattern = api.routePatterns(build.routes);

/** Static files are one route for the log and the metrics: their names are the build's, not the visitor's. */
function routeOf(pathname: string): string {
  return pathname.startsWith("/build/") || publicFiles.has(pathname) ? "static" : routePattern(pathname);
}

const trackRequest = createRequestTracker(api, routeOf);

let stopping = () => false;

const server = createServer((req, res) => {
  trackRequest(req, res);
  // While stopping, a request on a kept-alive connection is answered, then the connection closes.
  if (stopping()) res.setHeader("Connection", "close");
  // Requests carry the client's address in a header only this server sets (rate limits key on
  // it). Behind a proxy every socket is the proxy's, so the proxy's X-Forwarded-For entry counts.
  const ip = (env.TRUST_PROXY ? forwardedFor(req.headers["x-forwarded-for"]) : undefined) ?? req.socket.remoteAddress ?? "unknown";
  req.headers["x-kizuna-client-ip"] = ip;
  // Oversize bodies are refused before anything reads them (CSV uploads get more room than forms and JSON).
  if (refuseOversizeBody(req, res, api.requestBodyLimit)) return;
  // Before anything that could write: a state-changing request from another origin gets a 403;
  // its body (within the limit) is read and dropped so the connection stays usable.
  if (api.refuseForeignOrigin(req, res, env.APP_URL)) return discardBody(req);
  if (!answerFastPath(req, res, ip)) app(req, res);
});
// The worker starts only once the port is ours: a second start on a taken port stops here, in one line.
try {
  await listen(server, env.PORT);
} catch (error) {
  if (!(error instanceof StartupError)) throw error;
  // A refusal to start, for the person at the terminal: one plain line on stderr.
  console.error(error.message);
  process.exit(1);
}
api.log().info({ url: env.APP_URL, port: env.PORT }, `Kizuna is running on ${env.APP_URL} (port ${env.PORT})`);

const stopWorker = env.KIZUNA_WORKER ? startWorker() : async () => {};
stopping = gracefulShutdown(api, { server, stopWorker }).isStopping;
