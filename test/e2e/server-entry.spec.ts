import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/*
 * The built entry (what `npm start` runs), as clients and operators meet it: oversize bodies on
 * a keep-alive connection, and a second start on a port already in use.
 */

type Exchange = { responses: string[]; errors: string[]; serverEnded: boolean };

/**
 * Sends `requests` one after another on one raw connection (each waits for the previous
 * answer, whose Content-Length says where it ends) and resolves once the connection closes.
 * The last request asks the server to close: whatever it sent after the others is its answer.
 */
function onOneConnection(baseURL: string, requests: Buffer[]): Promise<Exchange> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const responses: string[] = [];
    const errors: string[] = [];
    let serverEnded = false;
    let buffer = Buffer.alloc(0);
    let next = 0;
    const sendNext = () => {
      if (next < requests.length) socket.write(requests[next++]);
    };
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (responses.length < Math.min(next, requests.length - 1)) {
        const headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0) return;
        const head = buffer.subarray(0, headEnd).toString("latin1");
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < headEnd + 4 + length) return;
        responses.push(buffer.subarray(0, headEnd + 4 + length).toString("latin1"));
        buffer = buffer.subarray(headEnd + 4 + length);
        if (/\r\nconnection: close/i.test(head)) return;
        sendNext();
      }
    });
    socket.on("error", (error: NodeJS.ErrnoException) => errors.push(error.code ?? error.message));
    socket.on("end", () => (serverEnded = true));
    socket.on("close", () => {
      if (buffer.length > 0) responses.push(buffer.toString("latin1"));
      resolve({ responses, errors, serverEnded });
    });
    sendNext();
  });
}

function post(method: string, path: string, contentType: string, size: number): Buffer {
  const head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: ${contentType}\r\nContent-Length: ${size}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), Buffer.alloc(size, "x")]);
}

const healthz = Buffer.from("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

test("an oversize answer gets its 413 and a clean close; a body up to twice the limit leaves the connection usable", async ({ baseURL }) => {
  const answerPath = `/s/${"A".repeat(43)}`;
  const closed = await onOneConnection(baseURL!, [post("POST", answerPath, "application/x-www-form-urlencoded", 1.5 * 1024 * 1024), healthz]);
  expect(closed.errors).toEqual([]);
  expect(closed.responses).toHaveLength(1);
  expect(closed.responses[0]).toMatch(/^HTTP\/1.1 413 /);
  expect(closed.responses[0]).toMatch(/\r\nconnection: close\r\n/i);
  expect(closed.serverEnded).toBe(true);

  const kept = await onOneConnection(baseURL!, [post("PUT", "/api/v1/accounts", "application/json", 3 * 1024 * 1024), healthz]);
  expect(kept.errors).toEqual([]);
  expect(kept.responses.map((r) => r.split("\r\n")[0])).toEqual(["HTTP/1.1 413 Payload Too Large", "HTTP/1.1 200 OK"]);
});

test("a second start on a port in use stops in one line naming PORT, and its first admin's password is in a 0600 file, not the output", async ({ baseURL }) => {
  const port = new URL(baseURL!).port;
  const dir = mkdtempSync(join(tmpdir(), "kizuna-e2e-second-"));
  const child = spawn(process.execPath, ["build/server/index.js"], {
    env: { ...process.env, NODE_ENV: "production", PORT: port, APP_URL: baseURL!, DATABASE_URL: `file:${join(dir, "kizuna.db")}`, KIZUNA_DEMO: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));

  expect(code).toBe(1);
  expect(stderr.trim().split("\n")).toEqual([`PORT ${port} is already in use by another process: stop it, or set PORT to a free port.`]);
  expect(stdout).not.toContain("Kizuna is running");

  const passwordFile = join(dir, "first-admin-password");
  expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
  const password = /^password: (\S+)$/m.exec(readFileSync(passwordFile, "utf8"))?.[1];
  expect(password).toBeTruthy();
  expect(stdout).toContain(passwordFile);
  expect(stdout + stderr).not.toContain(password!);
});
