import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

/**
 * A local stand-in for the Resend HTTP API, spoken to by the real `resend` SDK through
 * RESEND_BASE_URL. It implements what Kizuna relies on — `POST /emails`, `POST /emails/batch`
 * (at most 100), bearer auth, `Idempotency-Key` (same key and body: the first answer again and
 * no new email; same key, other body: 409), rate limits with `retry-after` and `ratelimit-*`
 * headers — plus knobs to inject failures and delays, and `/_test/*` endpoints to read back
 * what was delivered.
 */

export type FakeEmail = {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  /** Null when the fake was started with `keepBodies: false`. */
  html: string | null;
  text: string | null;
  /** SHA-256 of subject, html and text: tells bodies apart when they are not kept. */
  bodyHash: string;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  idempotencyKey: string | null;
  endpoint: "emails" | "batch";
  receivedAt: number;
};

export type FakeRequest = {
  at: number;
  path: string;
  status: number;
  idempotencyKey: string | null;
  /** How many emails the request carried (1 for /emails, the array length for a batch). */
  size: number;
  /** True when the answer was replayed from an earlier request with the same key. */
  replayed: boolean;
};

export type FakeResendStats = {
  requests: number;
  emails: number;
  replayed: number;
  rateLimited: number;
  injectedFailures: number;
  byStatus: Record<string, number>;
};

export type FakeResend = {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Delivered emails, oldest first; `to` filters by recipient (case-insensitive). */
  emails(filter?: { to?: string }): FakeEmail[];
  requests(): FakeRequest[];
  stats(): FakeResendStats;
  /** Forgets emails, requests, idempotency keys and injected faults (not the rate limit). */
  reset(): void;
  /**
   * The next `count` send requests (to `path` only, when given) fail with `status`;
   * a 429 carries `retry-after`. `name` replaces the error's name (an undocumented one, say);
   * `rawBody` replaces the whole answer's body, sent as is (a proxy's page, JSON without a status).
   */
  failNext(count: number, status?: number, options?: FailureOptions): void;
  /** The next `count` send requests wait `ms` before answering (to provoke client timeouts). */
  delayNext(count: number, ms: number): void;
  /** Requests naming this recipient are refused with 422, as Resend refuses invalid addresses. */
  rejectRecipient(email: string): void;
  /** At most `perSecond` send requests per second; null turns the limit off. */
  setRateLimit(perSecond: number | null): void;
};

export type FakeResendOptions = {
  port?: number;
  host?: string;
  rateLimitPerSecond?: number | null;
  /** When set, only this API key is accepted (others get 403 invalid_api_key). */
  apiKey?: string;
  /**
   * False keeps only each email's body hash, for benches that send 100,000 emails: holding
   * their bodies (gigabytes) would stall this process in garbage collection and slow its answers.
   */
  keepBodies?: boolean;
};

export type FailureOptions = { retryAfterSeconds?: number; path?: "/emails" | "/emails/batch"; name?: string; rawBody?: string };

type Reply = { status: number; body: unknown; headers?: Record<string, string>; raw?: string };

const MAX_BATCH = 100;
const MAX_RECIPIENTS = 50;
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function apiError(status: number, name: string, message: string, headers?: Record<string, string>): Reply {
  return { status, body: { statusCode: status, name, message }, headers };
}

function list(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  return null;
}

function addressOf(from: string): string {
  const angle = /<([^>]+)>\s*$/.exec(from);
  return (angle ? angle[1] : from).trim();
}

/** Resend's checks on one email, as far as Kizuna can trip them; null when it is acceptable. */
function validationError(email: unknown, rejected: Set<string>): string | null {
  if (typeof email !== "object" || email === null || Array.isArray(email)) return "The email must be an object.";
  const e = email as Record<string, unknown>;
  if (typeof e.from !== "string" || !ADDRESS.test(addressOf(e.from))) {
    return "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.";
  }
  const to = list(e.to);
  if (!to || to.length === 0) return "Missing `to` field.";
  if (to.length > MAX_RECIPIENTS) return `Too many recipients: the limit is ${MAX_RECIPIENTS}.`;
  for (const field of ["to", "cc", "bcc", "reply_to"] as const) {
    const addresses = list(e[field]);
    if (!addresses) return `Invalid \`${field}\` field.`;
    const bad = addresses.find((a) => !ADDRESS.test(addressOf(a)));
    if (bad) return `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` format: ${bad}`;
    const refused = addresses.find((a) => rejected.has(addressOf(a).toLowerCase()));
    if (refused) return `Invalid \`${field}\` field: ${refused} cannot receive email.`;
  }
  if (typeof e.subject !== "string" || e.subject.trim() === "") return "Missing `subject` field.";
  if (typeof e.html !== "string" && typeof e.text !== "string") return "Missing `html` or `text` field.";
  if (e.headers !== undefined && (typeof e.headers !== "object" || e.headers === null || Object.values(e.headers).some((v) => typeof v !== "string"))) {
    return "Invalid `headers` field: header values must be strings.";
  }
  if (e.tags !== undefined) {
    if (!Array.isArray(e.tags)) return "Invalid `tags` field.";
    for (const tag of e.tags as { name?: unknown; value?: unknown }[]) {
      if (typeof tag?.name !== "string" || !TAG_PART.test(tag.name) || typeof tag.value !== "string" || !TAG_PART.test(tag.value)) {
        return "Invalid `tags` field: names and values may only contain ASCII letters, numbers, underscores or dashes.";
      }
    }
  }
  return null;
}

function toFakeEmail(e: Record<string, unknown>, idempotencyKey: string | null, endpoint: FakeEmail["endpoint"], keepBodies: boolean): FakeEmail {
  const html = typeof e.html === "string" ? e.html : null;
  const text = typeof e.text === "string" ? e.text : null;
  return {
    id: randomUUID(),
    from: e.from as string,
    to: list(e.to) ?? [],
    cc: list(e.cc) ?? [],
    bcc: list(e.bcc) ?? [],
    replyTo: list(e.reply_to) ?? [],
    subject: e.subject as string,
    html: keepBodies ? html : null,
    text: keepBodies ? text : null,
    bodyHash: createHash("sha256")
      .update(String(e.subject))
      .update("\0")
      .update(html ?? "")
      .update("\0")
      .update(text ?? "")
      .digest("hex"),
    headers: (e.headers as Record<string, string> | undefined) ?? {},
    tags: (e.tags as FakeEmail["tags"] | undefined) ?? [],
    idempotencyKey,
    endpoint,
    receivedAt: Date.now(),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: Reply) {
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(reply.raw ?? JSON.stringify(reply.body));
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  let delivered: FakeEmail[] = [];
  let requestLog: FakeRequest[] = [];
  let idempotent = new Map<string, { bodyHash: string; reply: Reply }>();
  const inFlight = new Set<string>();
  const rejected = new Set<string>();
  let failures: ({ status: number } & FailureOptions)[] = [];
  let delays: number[] = [];
  let rateLimit = options.rateLimitPerSecond ?? null;
  const keepBodies = options.keepBodies ?? true;
  let window = { second: 0, count: 0 };
  let counters = { rateLimited: 0, injectedFailures: 0, replayed: 0 };

  function rateLimitHeaders(now: number, remaining: number): Record<string, string> {
    if (rateLimit === null) return {};
    const reset = Math.max(1, Math.ceil((Math.floor(now / 1000) * 1000 + 1000 - now) / 1000));
    return { "ratelimit-limit": String(rateLimit), "ratelimit-remaining": String(Math.max(0, remaining)), "ratelimit-reset": String(reset) };
  }

  async function handleSend(
    req: IncomingMessage,
    path: "/emails" | "/emails/batch",
    concurrent: boolean,
  ): Promise<{ reply: Reply; size: number; key: string | null; replayed: boolean }> {
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const raw = await readBody(req);
    const none = { size: 0, key, replayed: false };

    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice("Bearer ".length).trim() : "";
    if (!token || token === "undefined")
      return {
        ...none,
        reply: apiError(
          401,
          "missing_api_key",
          "Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY",
        ),
      };
    if (options.apiKey && token !== options.apiKey) return { ...none, reply: apiError(403, "invalid_api_key", "API key is invalid") };

    const delay = delays.shift();
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));

    const now = Date.now();
    let remaining = Infinity;
    if (rateLimit !== null) {
      const second = Math.floor(now / 1000);
      if (window.second !== second) window = { second, count: 0 };
      window.count += 1;
      remaining = rateLimit - window.count;
      if (remaining < 0) {
        counters.rateLimited += 1;
        const headers = rateLimitHeaders(now, 0);
        return {
          ...none,
          reply: apiError(429, "rate_limit_exceeded", `Too many requests. You can only make ${rateLimit} requests per second.`, {
            ...headers,
            "retry-after": headers["ratelimit-reset"],
          }),
        };
      }
    }
    const limitHeaders = rateLimitHeaders(now, remaining);

    const failureAt = failures.findIndex((f) => f.path === undefined || f.path === path);
    const failure = failureAt >= 0 ? failures.splice(failureAt, 1)[0] : undefined;
    if (failure) {
      counters.injectedFailures += 1;
      if (failure.status === 429) {
        const after = String(failure.retryAfterSeconds ?? 1);
        return {
          ...none,
          reply: apiError(429, "rate_limit_exceeded", "Too many requests.", { "retry-after": after, "ratelimit-remaining": "0", "ratelimit-reset": after }),
        };
      }
      if (failure.rawBody !== undefined) return { ...none, reply: { status: failure.status, body: null, raw: failure.rawBody, headers: limitHeaders } };
      const name = failure.name ?? (failure.status >= 500 ? "internal_server_error" : failure.status === 422 ? "validation_error" : "application_error");
      return { ...none, reply: apiError(failure.status, name, `Injected failure (${failure.status}).`, limitHeaders) };
    }

    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return { ...none, reply: apiError(422, "validation_error", "The request body is not valid JSON.", limitHeaders) };
    }
    const size = Array.isArray(body) ? body.length : 1;

    const bodyHash = createHash("sha256").update(path).update(raw).digest("hex");
    if (key !== null) {
      if (key.length < 1 || key.length > 256)
        return { size, key, replayed: false, reply: apiError(400, "invalid_idempotency_key", "The key must be between 1-256 chars.") };
      const seen = idempotent.get(key);
      if (seen) {
        if (seen.bodyHash !== bodyHash) {
          return {
            size,
            key,
            replayed: false,
            reply: apiError(
              409,
              "invalid_idempotent_request",
              "Same idempotency key used with a different request payload. Change your idempotency key or payload.",
            ),
          };
        }
        counters.replayed += 1;
        return { size, key, replayed: true, reply: { ...seen.reply, headers: limitHeaders } };
      }
      if (concurrent) {
        return {
          size,
          key,
          replayed: false,
          reply: apiError(409, "concurrent_idempotent_requests", "Same idempotency key used while original request is still in progress."),
        };
      }
    }

    let reply: Reply;
    if (path === "/emails") {
      const error = validationError(body, rejected);
      if (error) return { size, key, replayed: false, reply: apiError(422, "validation_error", error, limitHeaders) };
      const email = toFakeEmail(body as Record<string, unknown>, key, "emails", keepBodies);
      delivered.push(email);
      reply = { status: 200, body: { id: email.id } };
    } else {
      if (!Array.isArray(body))
        return { size, key, replayed: false, reply: apiError(422, "validation_error", "The batch must be an array of emails.", limitHeaders) };
      if (body.length === 0 || body.length > MAX_BATCH) {
        return {
          size,
          key,
          replayed: false,
          reply: apiError(422, "validation_error", `A batch holds 1 to ${MAX_BATCH} emails; this one has ${body.length}.`, limitHeaders),
        };
      }
      const errors = body.map((email, index) => ({ index, message: validationError(email, rejected) })).filter((e) => e.message !== null);
      const permissive = req.headers["x-batch-validation"] === "permissive";
      if (errors.length > 0 && !permissive) {
        return { size, key, replayed: false, reply: apiError(422, "validation_error", `emails[${errors[0].index}]: ${errors[0].message}`, limitHeaders) };
      }
      const failed = new Set(errors.map((e) => e.index));
      const data = body.flatMap((email, index) => {
        if (failed.has(index)) return [];
        const stored = toFakeEmail(email as Record<string, unknown>, key, "batch", keepBodies);
        delivered.push(stored);
        return [{ id: stored.id }];
      });
      reply = { status: 200, body: permissive ? { data, errors } : { data } };
    }
    if (key !== null) idempotent.set(key, { bodyHash, reply });
    return { size, key, replayed: false, reply: { ...reply, headers: limitHeaders } };
  }

  function stats(): FakeResendStats {
    const byStatus: Record<string, number> = {};
    for (const r of requestLog) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    return {
      requests: requestLog.length,
      emails: delivered.length,
      replayed: counters.replayed,
      rateLimited: counters.rateLimited,
      injectedFailures: counters.injectedFailures,
      byStatus,
    };
  }

  function emails(filter: { to?: string } = {}) {
    const to = filter.to?.trim().toLowerCase();
    return to ? delivered.filter((e) => e.to.some((address) => addressOf(address).toLowerCase() === to)) : [...delivered];
  }

  function reset() {
    delivered = [];
    requestLog = [];
    idempotent = new Map();
    failures = [];
    delays = [];
    rejected.clear();
    counters = { rateLimited: 0, injectedFailures: 0, replayed: 0 };
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://fake-resend");
      const route = `${req.method} ${url.pathname}`;
      if (route === "POST /emails" || route === "POST /emails/batch") {
        const path = url.pathname as "/emails" | "/emails/batch";
        const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
        // Marked before the first await, so a concurrent duplicate sees the original in progress.
        const concurrent = key !== null && inFlight.has(key);
        const guarded = key !== null && !concurrent;
        if (guarded) inFlight.add(key);
        try {
          const { reply, size, replayed } = await handleSend(req, path, concurrent);
          requestLog.push({ at: Date.now(), path, status: reply.status, idempotencyKey: key, size, replayed });
          send(res, reply);
        } finally {
          if (guarded) inFlight.delete(key);
        }
        return;
      }
      if (route === "GET /_test/emails") return send(res, { status: 200, body: emails({ to: url.searchParams.get("to") ?? undefined }) });
      if (route === "DELETE /_test/emails") {
        reset();
        return send(res, { status: 200, body: { ok: true } });
      }
      if (route === "GET /_test/stats") return send(res, { status: 200, body: stats() });
      if (route === "GET /_test/requests") return send(res, { status: 200, body: requestLog });
      if (route === "POST /_test/fail") {
        const { count = 1, status = 500, retryAfterSeconds, path, name, rawBody } = JSON.parse((await readBody(req)) || "{}");
        fake.failNext(Number(count), Number(status), { retryAfterSeconds, path, name, rawBody });
        return send(res, { status: 200, body: { ok: true } });
      }
      if (route === "POST /_test/delay") {
        const { count = 1, ms = 0 } = JSON.parse((await readBody(req)) || "{}");
        fake.delayNext(Number(count), Number(ms));
        return send(res, { status: 200, body: { ok: true } });
      }
      send(res, apiError(404, "not_found", `The requested endpoint does not exist: ${route}`));
    } catch (error) {
      send(res, apiError(500, "internal_server_error", error instanceof Error ? error.message : String(error)));
    }
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const fake: FakeResend = {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    emails,
    requests: () => [...requestLog],
    stats,
    reset,
    failNext(count, status = 500, opts = {}) {
      for (let i = 0; i < count; i++) failures.push({ status, ...opts });
    },
    delayNext(count, ms) {
      for (let i = 0; i < count; i++) delays.push(ms);
    },
    rejectRecipient(email) {
      rejected.add(email.trim().toLowerCase());
    },
    setRateLimit(perSecond) {
      rateLimit = perSecond;
      window = { second: 0, count: 0 };
    },
  };
  return fake;
}

// `tsx test/fake-resend/server.ts` runs it alone: PORT (default 3101), RATE_LIMIT_PER_SECOND.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rate = process.env.RATE_LIMIT_PER_SECOND ? Number(process.env.RATE_LIMIT_PER_SECOND) : null;
  const fake = await startFakeResend({ port: Number(process.env.PORT ?? 3101), rateLimitPerSecond: rate });
  console.log(`Fake Resend listening on ${fake.url}`);
  const stop = () => fake.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
