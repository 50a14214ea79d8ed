import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { readdirSync } from "node:fs";
import { createServer } from "node:http";
import { createAnswerFastPath } from "./answer-fast-path";
import { responseCompression } from "./compression";
import { loadBuild } from "./load-build";

/**
 * Kizuna's one process: validates the environment, migrates, bootstraps the first admin and
 * demo data, serves the Remix build, and runs the worker in-process unless KIZUNA_WORKER=0.
 */
const { build, api } = await loadBuild();
const { env, startWorker } = await api.boot("server");

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", false);

// Refuse oversize bodies before anything reads them (CSV uploads get more room than forms and JSON).
app.use((req, res, next) => {
  // A body without a declared length (chunked) could be any size; browsers and API clients send one.
  if (req.headers["transfer-encoding"] && req.headers["content-length"] === undefined) {
    res.status(411).type("text/plain").send("Send the request body with a Content-Length header.");
    return;
  }
  const length = Number(req.headers["content-length"] ?? 0);
  const limit = req.path.startsWith("/cs/import") ? 20 * 1024 * 1024 : 2 * 1024 * 1024;
  if (length > limit) {
    res
      .status(413)
      .type("text/plain")
      .send(`Request body too large: the limit is ${limit / 1024 / 1024} MB.`);
    return;
  }
  next();
});

app.use(responseCompression("public/build"));
// The few top-level public files are known at start: no disk lookup for every page request.
const publicFiles = new Set(
  readdirSync("public", { withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => `/${f.name}`),
);
const servePublic = express.static("public", { maxAge: "1h", index: false });
app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
app.all("*", createRequestHandler({ build, mode: "production" }));

/** The address the nearest proxy saw: the last entry, the only one a client cannot forge. */
function forwardedFor(header: string | string[] | undefined): string | undefined {
  const last = [header ?? []].flat().join(",").split(",").at(-1)?.trim();
  return last ? last : undefined;
}

const answerFastPath = createAnswerFastPath(build, api, env.APP_URL);

const server = createServer((req, res) => {
  // Requests carry the client's address in a header only this server sets (rate limits key on
  // it). Behind a proxy every socket is the proxy's, so the proxy's X-Forwarded-For entry counts.
  const ip = (env.TRUST_PROXY ? forwardedFor(req.headers["x-forwarded-for"]) : undefined) ?? req.socket.remoteAddress ?? "unknown";
  req.headers["x-kizuna-client-ip"] = ip;
  if (!answerFastPath(req, res, ip)) app(req, res);
});
server.listen(env.PORT, () => {
  console.log(`Kizuna is running on ${env.APP_URL} (port ${env.PORT})`);
});

const stopWorker = env.KIZUNA_WORKER ? startWorker() : async () => {};

async function shutdown() {
  server.close();
  await stopWorker();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
