import { UNSAFE_flatRoutes } from "@remix-run/dev";
import express from "express";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { transaction } from "../../app/utils/db.server";
import { enqueueJob, registerJobHandler, unregisterJobHandler } from "../../app/utils/jobs.server";
import { logRequest, requestIdFor, routePatterns } from "../../app/utils/request-log.server";
import { createRemixHandler } from "../../server/remix-handler";
import { createRequestTracker } from "../../server/request-tracking";
import { captureLog } from "../setup/capture-log";

/*
 * The request log as the server writes it: the entry's own tracking in front of the Remix
 * adapter, route patterns from the app's real routes. Links in emails carry their token in the
 * path (a survey answer, a sign-in link, an unsubscribe) and forms post tokens in the body: none
 * of it may reach the log, which says which route answered, never which address was asked.
 */
const APP_DIR = fileURLToPath(new URL("../../app", import.meta.url));
const manifest = { root: { id: "root", path: "" }, ...UNSAFE_flatRoutes(APP_DIR, ["**/.*", "**/*.test.{ts,tsx}"]) };
const routeOf = routePatterns(manifest);
const token = () => randomBytes(32).toString("base64url");

let server: Server;
let base: string;
let seenIds: (string | null)[] = [];
let log: ReturnType<typeof captureLog>;

beforeAll(async () => {
  const app = express();
  app.all(
    "*",
    createRemixHandler(async (request) => {
      seenIds.push(request.headers.get("x-request-id"));
      if (request.method === "POST") await request.text();
      if (new URL(request.url).pathname === "/cs/accounts/7") return new Response("boom", { status: 500 });
      return request.method === "POST" ? new Response(null, { status: 303, headers: { Location: "/s/x/thanks" } }) : new Response("ok");
    }),
  );
  const track = createRequestTracker({ requestIdFor, logRequest }, routeOf);
  server = createServer((req, res) => {
    track(req, res);
    app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

beforeEach(() => {
  seenIds = [];
  log = captureLog();
});

afterEach(() => {
  log.restore();
});

/** The log's lines once the responses are done (a line is written when the response closes). */
async function linesAfter(count: number) {
  for (let i = 0; i < 50 && log.lines().length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return log.lines();
}

describe("request ids", () => {
  it("every response carries an X-Request-Id, the app sees the same id, and the log line has it", async () => {
    const response = await fetch(`${base}/cs/accounts`);
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-z]{16,}$/);
    expect(seenIds).toEqual([id]);
    const [line] = await linesAfter(1);
    expect(line).toMatchObject({ level: "info", reqId: id, method: "GET", route: "/cs/accounts", status: 200, msg: "GET /cs/accounts 200" });
    expect(typeof line.ms).toBe("number");
    expect(typeof line.time).toBe("string");
  });

  it("keeps a proxy's id when it is a short plain token, and replaces anything else", async () => {
    const kept = await fetch(`${base}/healthz`, { headers: { "X-Request-Id": "edge-7f3a9c1d2b" } });
    expect(kept.headers.get("x-request-id")).toBe("edge-7f3a9c1d2b");
    for (const sent of ['a"}{"level":"fatal', "x".repeat(200), "short", "<script>alert(1)</script>"]) {
      const replaced = await fetch(`${base}/healthz`, { headers: { "X-Request-Id": sent } });
      expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-z]{16,}$/);
    }
    expect(log.text()).not.toContain("fatal");
    expect(log.text()).not.toContain("script");
  });
});

describe("what a request's log line holds", () => {
  it("names the route pattern, never the token in the path, the query or the body", async () => {
    const tokens = Array.from({ length: 6 }, token);
    const [survey, signIn, unsubscribe, preferences, joinLink, query] = tokens;
    await fetch(`${base}/s/${survey}?score=9&t=${query}`);
    await fetch(`${base}/s/${survey}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `score=9&token=${query}`,
      redirect: "manual",
    });
    await fetch(`${base}/login/${signIn}`);
    await fetch(`${base}/community/unsubscribe/${unsubscribe}`);
    await fetch(`${base}/u/${preferences}.data`);
    await fetch(`${base}/login/join/${joinLink}`, { method: "POST", body: new URLSearchParams({ email: "someone@example.com" }), redirect: "manual" });
    const lines = await linesAfter(6);
    expect(lines.map((line) => `${line.method} ${line.route} ${line.status}`)).toEqual([
      "GET /s/:token 200",
      "POST /s/:token 303",
      "GET /login/:token 200",
      "GET /community/unsubscribe/:token 200",
      "GET /u/:token 200",
      "POST /login/join/:token 303",
    ]);
    const text = log.text();
    for (const secret of tokens) expect(text).not.toContain(secret);
    expect(text).not.toContain("someone@example.com");
    expect(text).not.toContain("score=9");
    for (const line of lines) expect(Object.keys(line).sort()).toEqual(["level", "method", "ms", "msg", "reqId", "route", "status", "time"]);
  });

  it("a server error is an error line; a path no route takes is `unmatched`", async () => {
    await fetch(`${base}/cs/accounts/7`);
    await fetch(`${base}/wp-login.php?pwd=${token()}`);
    const lines = await linesAfter(2);
    expect(lines.map((line) => [line.level, line.route, line.status])).toEqual([
      ["error", "/cs/accounts/:id", 500],
      ["info", "unmatched", 200],
    ]);
  });
});

describe("what a job's log line holds", () => {
  beforeEach(() => {
    registerJobHandler("test.log-ok", () => {});
    registerJobHandler("test.log-fails", () => {
      throw new Error("the provider is unavailable");
    });
  });
  afterEach(() => {
    unregisterJobHandler("test.log-ok");
    unregisterJobHandler("test.log-fails");
  });

  it("one line per job with its type, outcome and duration; never its payload", async () => {
    const secret = token();
    const now = Date.now();
    const ok = transaction((tx) => enqueueJob(tx, "test.log-ok", { signInToken: secret }, {}, now));
    const failing = transaction((tx) => enqueueJob(tx, "test.log-fails", { secret }, { maxAttempts: 2 }, now));
    await runDueJobs({ clock: () => now });
    const lines = log.lines();
    expect(lines.map((line) => [line.level, line.jobId, line.type, line.outcome, line.attempt])).toEqual([
      ["info", ok, "test.log-ok", "done", 1],
      ["warn", failing, "test.log-fails", "retried", 1],
    ]);
    expect(lines[1].error).toBe("Error: the provider is unavailable");
    expect(log.text()).not.toContain(secret);
  });
});
