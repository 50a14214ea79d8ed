import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeResend, type FakeResend } from "../fake-resend/server";
import { freePort } from "../support/free-port";

/*
 * SIGTERM while requests stream in and emails are being sent: every request the server accepted
 * is answered in full (the rest are refused at connect, never cut), the sends in flight finish,
 * nothing stays leased, the process exits 0, and the next start sends the rest: each email
 * exactly once.
 */
const EMAILS = 6;

function startKizuna(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["build/server/index.js"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitUntilReady(base: string) {
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("The server did not become ready.");
}

/** A POST whose body arrives slowly, so it is still in flight when the server is told to stop. */
function slowPost(base: string, origin: string): Promise<{ status: number; bodyBytes: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(
      `${base}/login`,
      { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, "Content-Length": "28" } },
      (res) => {
        let bodyBytes = 0;
        res.on("data", (chunk: Buffer) => (bodyBytes += chunk.length));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bodyBytes }));
        res.on("error", (error) => resolve({ error: String(error) }));
      },
    );
    req.on("error", (error) => resolve({ error: String(error) }));
    const body = "email=someone%40example.com";
    req.write(body.slice(0, 10));
    setTimeout(() => req.write(body.slice(10, 20)), 600);
    setTimeout(() => req.end(`${body.slice(20)}&`), 1200);
  });
}

let fake: FakeResend;

test.beforeAll(async () => {
  fake = await startFakeResend({ port: await freePort() });
});
test.afterAll(async () => {
  await fake.close();
});

test("SIGTERM during a stream of requests and a send loses no request and no email", async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "kizuna-shutdown-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production" as const,
    PORT: String(port),
    APP_URL: base,
    DATABASE_URL: `file:${join(dir, "kizuna.db")}`,
    RESEND_API_KEY: "re_shutdown_0123456789",
    RESEND_BASE_URL: fake.url,
    KIZUNA_DEMO: "0",
    LOG_LEVEL: "info",
  };
  const setup = spawnSync(process.execPath, ["--import", "tsx", "test/e2e/shutdown-setup.ts", String(EMAILS)], { env, encoding: "utf8" });
  expect(setup.status, setup.stderr).toBe(0);

  // The provider takes 8 s to answer: the batch is in flight when SIGTERM comes.
  fake.delayNext(1, 8_000);
  const first = startKizuna(env);
  await waitUntilReady(base);

  // Four clients on kept-alive connections, each asking again as soon as it has its answer,
  // every request under an id of its own (the server keeps a client's safe X-Request-Id).
  const outcomes: { id: string; result: string }[] = [];
  let streaming = true;
  const clients = Array.from({ length: 4 }, async (_, client) => {
    for (let n = 0; streaming; n++) {
      const id = `stream-${client}-${n}`;
      try {
        const response = await fetch(`${base}/healthz`, { headers: { "X-Request-Id": id } });
        await response.text();
        outcomes.push({ id, result: `status ${response.status}` });
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
        outcomes.push({ id, result: code });
        if (code === "ECONNREFUSED") break;
      }
    }
  });
  const file = join(dir, "kizuna.db");
  const statuses = () => {
    const database = new Database(file, { readonly: true });
    try {
      return database.prepare("SELECT status, count(*) AS n FROM outbox GROUP BY status").all() as { status: string; n: number }[];
    } finally {
      database.close();
    }
  };
  await expect.poll(() => statuses().find((s) => s.status === "sending")?.n ?? 0, { timeout: 10_000 }).toBe(EMAILS);
  // The stream is flowing before the stop.
  await expect.poll(() => outcomes.filter((o) => o.result === "status 200").length, { timeout: 5_000 }).toBeGreaterThanOrEqual(20);
  const inFlight = slowPost(base, base);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(fake.emails()).toHaveLength(0);
  first.child.kill("SIGTERM");

  expect(await first.exited).toBe(0);
  streaming = false;
  await Promise.all(clients);

  // The request in flight was answered in full; every other either got its answer or was refused at connect.
  const slow = await inFlight;
  expect(slow, first.output()).toMatchObject({ status: expect.any(Number) });
  expect((slow as { bodyBytes: number }).bodyBytes).toBeGreaterThan(0);
  // A request the server accepted has its log line; every one of them was answered in full.
  const accepted = new Set([...first.output().matchAll(/"reqId":"(stream-\d+-\d+)"/g)].map((m) => m[1]));
  expect(outcomes.filter((o) => accepted.has(o.id) && o.result !== "status 200")).toEqual([]);
  // The others were refused at connect, or met a kept-alive connection the server was closing
  // while idle (nothing of them was read; a browser or proxy resends such a request itself).
  const unread = new Set(["ECONNREFUSED", "ECONNRESET", "UND_ERR_SOCKET"]);
  expect(outcomes.filter((o) => !accepted.has(o.id) && !unread.has(o.result))).toEqual([]);

  // The batch in flight finished before the exit and was recorded as sent: nothing is left claimed.
  expect(fake.emails()).toHaveLength(EMAILS);
  expect(statuses()).toEqual([{ status: "sent", n: EMAILS }]);
  expect(first.output()).toContain('"msg":"Shutting down: finishing the requests in flight and the worker\'s current batch"');
  expect(first.output()).toContain('"msg":"Stopped"');

  // The next start sends none of them again: every email went exactly once.
  const second = startKizuna(env);
  await waitUntilReady(base);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  second.child.kill("SIGTERM");
  expect(await second.exited).toBe(0);
  const recipients = fake.emails().flatMap((email) => email.to);
  expect(new Set(recipients).size).toBe(EMAILS);
  expect(recipients).toHaveLength(EMAILS);
});
