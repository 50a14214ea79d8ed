import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { IncomingMessage, ServerResponse } from "node:http";
import { discardBody } from "./request-body";

/** Remix's handler as @remix-run/node builds it: a web Request in, a web Response out. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** Bytes of request body queued for the route before the socket is paused. */
const BODY_HIGH_WATER_MARK = 64 * 1024;

/**
 * The request body as a web stream that reads from the socket only as fast as the route reads
 * it. A route that stops early (a 413 past its own limit, a redirect to sign in) cancels or
 * drops it: the rest is discarded, never left unread under a connection that is then reset.
 */
function requestBody(req: IncomingMessage): { stream: ReadableStream<Uint8Array>; discardRest(): void } {
  let settled = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const onData = (chunk: Buffer) => {
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const detach = () => {
    settled = true;
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("error", onError);
    req.off("close", onClose);
  };
  const onEnd = () => {
    if (settled) return;
    detach();
    controller.close();
  };
  const onError = (error: Error) => {
    if (settled) return;
    detach();
    controller.error(error);
  };
  const onClose = () => onError(new Error("The client closed the connection before sending the whole body."));
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        req.on("data", onData);
        req.on("end", onEnd);
        req.on("error", onError);
        req.on("close", onClose);
      },
      pull() {
        req.resume();
      },
      cancel() {
        detach();
        discardBody(req);
      },
    },
    { highWaterMark: BODY_HIGH_WATER_MARK, size: (chunk) => chunk.byteLength },
  );
  return {
    stream,
    discardRest() {
      if (!settled) detach();
      discardBody(req);
    },
  };
}

function requestUrl(req: ExpressRequest): URL {
  // As @remix-run/express does: the port from X-Forwarded-Host or Host, the host name as Express
  // resolves it (it honours the "trust proxy" setting), and the full original path.
  const portOf = (header: string | undefined) => Number.parseInt(header?.split(":")[1] ?? "", 10);
  const forwardedPort = portOf(req.get("X-Forwarded-Host"));
  const hostPort = portOf(req.get("host"));
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of [value ?? []].flat()) headers.append(name, v);
  }
  return headers;
}

/** Resolves when the response can take more (`drain`) or will take nothing more (`close`). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/**
 * Writes a web stream to the response at the client's pace: after a write the socket's buffer
 * cannot take, the next chunk is read only once it has drained. A pull-based body (the CSV
 * export's) therefore produces only what a slow client has taken, instead of the server
 * buffering the difference. A client that goes away cancels the body.
 */
export type ErrorReport = (error: unknown, message: string) => void;

const reportToStderr: ErrorReport = (error, message) => console.error(message, error);

export async function writeBody(body: ReadableStream<Uint8Array>, res: ServerResponse, report: ErrorReport = reportToStderr): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) {
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      const { done, value } = await reader.read();
      if (done) break;
      const more = res.write(value);
      // Compression holds bytes back until told to flush: a streamed page must arrive as it renders.
      (res as ServerResponse & { flush?: () => void }).flush?.();
      if (!more) await drained(res);
    }
    res.end();
  } catch (error) {
    report(error, "Streaming a response failed");
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    await reader.cancel().catch(() => {});
  }
}

async function sendResponse(res: ExpressResponse, response: Response, report: ErrorReport) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeBody(response.body, res, report);
  else res.end();
}

/**
 * Serves Remix from Express, as @remix-run/express does, with two differences that matter to
 * clients: the request body is read at the route's pace and what the route does not read is
 * discarded (the connection stays usable, never reset), and the response is written with
 * backpressure (a slow download does not make the server buffer it).
 */
export function createRemixHandler(handle: FetchHandler, report: ErrorReport = reportToStderr) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const body = req.method !== "GET" && req.method !== "HEAD" ? requestBody(req) : null;
    // Loaders and actions stop when the client goes away before the response is finished.
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const request = new Request(requestUrl(req), {
        method: req.method,
        headers: requestHeaders(req),
        signal: controller.signal,
        ...(body ? { body: body.stream, duplex: "half" } : {}),
      } as RequestInit);
      const response = await handle(request);
      // The route is done with the body; the client may still be sending what it did not read.
      body?.discardRest();
      await sendResponse(res, response, report);
    } catch (error) {
      body?.discardRest();
      next(error);
    }
  };
}
