import express from "express";
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as importRoute from "../../app/routes/cs.import";
import * as accountsRoute from "../../app/routes/api.v1.accounts";
import * as answerRoute from "../../app/routes/s.$token";
import * as webhookRoute from "../../app/routes/webhooks.resend";
import { createApiKey } from "../../app/services/create-api-key.server";
import { requestBodyLimit } from "../../app/utils/body.server";
import { createRemixHandler, type FetchHandler } from "../../server/remix-handler";
import { refuseOversizeBody } from "../../server/request-body";
import { createStaff, staffCookie } from "../factories";
import { CLI_ACTOR } from "../../app/services/actor.server";

/*
 * Oversize bodies, as a client on a keep-alive connection meets them. The server is the entry's
 * own request path (refuseOversizeBody before anything reads, then Express and the Remix adapter)
 * in front of the real route actions. Every answer must reach the client; a body up to twice the
 * limit is discarded and the connection serves the next request; a larger one gets its 413 with
 * `Connection: close` and a clean close (the client finishes sending, reads, sees FIN), never a reset.
 */

const KB = 1024;
const MB = 1024 * 1024;

type Action = (args: { request: Request; params: Record<string, string>; context: object }) => unknown;

/** What Remix does with an action's result, enough for these routes: a Response, or data() with its init. */
async function toResponse(run: () => unknown): Promise<Response> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  if (result instanceof Response) return result;
  const { data, init } = result as { data: unknown; init?: ResponseInit };
  return new Response(JSON.stringify(data ?? result), { status: init?.status ?? 200, headers: init?.headers });
}

const routes: FetchHandler = (request) => {
  const { pathname } = new URL(request.url);
  const call = (action: Action, params: Record<string, string> = {}) => toResponse(() => action({ request, params, context: {} }));
  if (pathname === "/ping") return Promise.resolve(new Response("pong"));
  if (pathname.startsWith("/s/")) return call(answerRoute.action as Action, { token: pathname.slice(3) });
  if (pathname === "/api/v1/accounts") return call(accountsRoute.action as Action);
  if (pathname === "/cs/import") return call(importRoute.action as Action);
  if (pathname === "/webhooks/resend") return call(webhookRoute.action as Action);
  return Promise.resolve(new Response("Not found", { status: 404 }));
};

let server: Server;
let port: number;
let apiKey: string;
let cookie: string;

beforeAll(async () => {
  apiKey = createApiKey({ name: "bodies", scopes: ["accounts:write"] }, CLI_ACTOR).key;
  cookie = await staffCookie(createStaff("admin").id);
  const app = express();
  app.all("*", createRemixHandler(routes));
  server = createServer((req, res) => {
    if (refuseOversizeBody(req, res, requestBodyLimit)) return;
    app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type Exchange = {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  reusedSocket: boolean;
  socket: Socket;
  /** Errors the client's socket reported (ECONNRESET, EPIPE), as they happen. */
  socketErrors: Error[];
};

function send(agent: Agent, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socketErrors: Error[] = [];
    const req = httpRequest({
      agent,
      host: "127.0.0.1",
      port,
      method,
      path,
      headers: { ...headers, ...(body ? { "Content-Length": String(body.byteLength) } : {}) },
    });
    req.on("socket", (socket: Socket) => {
      socket.on("error", (error) => socketErrors.push(error));
    });
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
          reusedSocket: req.reusedSocket,
          socket: req.socket!,
          socketErrors,
        }),
      );
    });
    req.end(body);
  });
}

/**
 * One request on a raw socket, the whole body written at once as a client would: resolves once
 * the socket has closed, with everything the server sent, the errors seen (a reset shows as
 * ECONNRESET or EPIPE) and whether the server's FIN arrived.
 */
function rawExchange(method: string, path: string, headers: Record<string, string>, body: Buffer) {
  return new Promise<{ response: string; errors: string[]; serverEnded: boolean }>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const errors: string[] = [];
    let serverEnded = false;
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => errors.push(error.code ?? error.message));
    socket.on("end", () => (serverEnded = true));
    socket.on("close", () => resolve({ response: Buffer.concat(chunks).toString("latin1"), errors, serverEnded }));
    const head = [`${method} ${path} HTTP/1.1`, "Host: 127.0.0.1", "Connection: keep-alive", `Content-Length: ${body.byteLength}`];
    for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
    socket.write(body);
  });
}

const padding = (bytes: number) => Buffer.alloc(bytes, "x");

const targets = {
  answer: (size: number) => ({
    method: "POST",
    path: `/s/${"A".repeat(43)}`,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: Buffer.concat([Buffer.from("score=9&comment="), padding(size - 16)]),
  }),
  api: (size: number) => {
    const head = Buffer.from('{"accounts":[{"externalId":"big-1","name":"');
    const tail = Buffer.from('"}]}');
    return {
      method: "PUT",
      path: "/api/v1/accounts",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
      body: Buffer.concat([head, padding(size - head.length - tail.length), tail]),
    };
  },
  import: (size: number) => {
    const boundary = "----kizuna-test-boundary";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\npreview\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nnot-a-kind\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nexternal_id,name\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    return {
      method: "POST",
      path: "/cs/import",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: cookie, Origin: "http://localhost:3000" },
      body: Buffer.concat([head, padding(size - head.length - tail.length), tail]),
    };
  },
};

type Expectation = { status: number | "not 413"; connection: "kept" | "closed" };

const cases: [keyof typeof targets, string, number, Expectation][] = [
  // The answer page takes 64 KB: twice that is discarded, more closes.
  ["answer", "100 kB", 100 * KB, { status: 413, connection: "kept" }],
  ["answer", "200 kB", 200 * KB, { status: 413, connection: "closed" }],
  ["answer", "1.5 MB", 1.5 * MB, { status: 413, connection: "closed" }],
  ["answer", "3 MB", 3 * MB, { status: 413, connection: "closed" }],
  ["answer", "25 MB", 25 * MB, { status: 413, connection: "closed" }],
  // The API takes 2 MB.
  ["api", "200 kB", 200 * KB, { status: "not 413", connection: "kept" }],
  ["api", "1.5 MB", 1.5 * MB, { status: "not 413", connection: "kept" }],
  ["api", "3 MB", 3 * MB, { status: 413, connection: "kept" }],
  ["api", "25 MB", 25 * MB, { status: 413, connection: "closed" }],
  // The import takes 20 MB.
  ["import", "200 kB", 200 * KB, { status: "not 413", connection: "kept" }],
  ["import", "1.5 MB", 1.5 * MB, { status: "not 413", connection: "kept" }],
  ["import", "3 MB", 3 * MB, { status: "not 413", connection: "kept" }],
  ["import", "25 MB", 25 * MB, { status: 413, connection: "kept" }],
];

describe("oversize request bodies on a keep-alive connection", () => {
  it.each(cases)("%s page, %s body: the client reads the answer, then the connection is as promised", async (target, _label, size, expected) => {
    const { method, path, headers, body } = targets[target](size);
    if (expected.connection === "closed") {
      // A raw socket sees what the server really does: the whole answer, then its FIN, no reset.
      const exchange = await rawExchange(method, path, headers, body);
      expect(exchange.errors).toEqual([]);
      expect(exchange.response).toMatch(new RegExp(`^HTTP/1.1 ${expected.status} `));
      expect(exchange.response).toMatch(/\r\nconnection: close\r\n/i);
      expect(exchange.response).toMatch(/Request body too large/);
      expect(exchange.serverEnded).toBe(true);
      return;
    }
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, method, path, headers, body);
      if (expected.status === "not 413") expect(first.status).not.toBe(413);
      else expect(first.status).toBe(expected.status);
      expect(first.text.length).toBeGreaterThan(0);
      expect(first.headers.connection).not.toBe("close");
      const next = await send(agent, "GET", "/ping");
      expect(next).toMatchObject({ status: 200, text: "pong" });
      expect(next.socket).toBe(first.socket);
      expect(first.socketErrors).toEqual([]);
    } finally {
      agent.destroy();
    }
  });

  it("a route that refuses below the entry's limit (the webhook's 256 KB) has the rest discarded, and the connection serves the next request", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, "POST", "/webhooks/resend", { "Content-Type": "application/json" }, padding(1 * MB));
      expect(first.status).toBe(413);
      const next = await send(agent, "GET", "/ping");
      expect(next).toMatchObject({ status: 200, text: "pong", reusedSocket: true });
      expect(first.socketErrors).toEqual([]);
    } finally {
      agent.destroy();
    }
  });

  it("a route that answers without reading the body (the API refusing one that is not JSON) leaves the connection usable", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, "PUT", "/api/v1/accounts", { "Content-Type": "text/plain", Authorization: `Bearer ${apiKey}` }, padding(1 * MB));
      expect(first.status).toBe(415);
      const next = await send(agent, "GET", "/ping");
      expect(next).toMatchObject({ status: 200, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  });

  it("a body without a declared length gets its 411 and a clean close", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const result = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = httpRequest({ agent, host: "127.0.0.1", port, method: "POST", path: "/cs/import", headers: { "Transfer-Encoding": "chunked" } });
        req.on("error", reject);
        req.on("response", (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
        });
        req.write(padding(64 * KB));
        req.end();
      });
      expect(result).toEqual({ status: 411, connection: "close" });
    } finally {
      agent.destroy();
    }
  });
});
