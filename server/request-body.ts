import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * What happens to a request body nobody wants (docs/decisions/022-request-bodies-and-slow-clients.md).
 *
 * The client must always read our answer (a 413, a redirect to sign in), and a keep-alive
 * connection must stay usable for its next request. A body that was refused or only partly read
 * is therefore never left unread under a socket that is then closed (the kernel answers unread
 * data with a reset, and the reset destroys the answer before the client reads it):
 * - a body up to twice the route's limit is read and discarded, and the connection stays open;
 * - a larger one is answered with `Connection: close`, and the socket closes only after the
 *   answer is written and a short grace has passed (a lingering close), reading and discarding
 *   meanwhile, so the client finishes sending, reads the answer, and sees a clean close.
 */

/** How long a closing connection keeps reading after its answer, for the client to read it. */
export const LINGER_MS = 5_000;

export type BodyLimitFor = (pathname: string) => number;

/** Reads what is left of a body and throws it away; the next request on the connection follows. */
export function discardBody(req: IncomingMessage) {
  if (req.complete) return;
  req.removeAllListeners("data");
  req.resume();
}

/**
 * Closes the connection once the answer is out: the answer is written and the write side
 * closed (FIN); the rest of the body is read and discarded until the client closes its side or
 * LINGER_MS passes, and only then is the socket destroyed. Call before the response is written,
 * which must say `Connection: close` (Node then closes the socket through `destroySoon`).
 */
export function lingerBeforeClose(req: IncomingMessage, lingerMs = LINGER_MS) {
  const socket: Socket & { destroySoon?: () => void } = req.socket;
  discardBody(req);
  socket.destroySoon = function lingeringClose(this: Socket) {
    if (this.writable) this.end();
    if (this.readableEnded) {
      this.destroy();
      return;
    }
    const timer = setTimeout(() => this.destroy(), lingerMs);
    timer.unref();
    this.once("end", () => this.destroy());
    this.once("close", () => clearTimeout(timer));
  };
}

function answer(req: IncomingMessage, res: ServerResponse, status: number, text: string, keepAlive: boolean) {
  const body = Buffer.from(`${text}\n`, "utf8");
  if (keepAlive) discardBody(req);
  else lingerBeforeClose(req);
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(body.byteLength),
    "Cache-Control": "no-store",
    ...(keepAlive ? {} : { Connection: "close" }),
  });
  res.end(body);
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Refuses, before anything reads it, a body larger than the route behind the path could accept
 * (413), or one without a declared length (411: it could be any size). Returns true when it
 * answered. A body it lets through is at most the route's limit, so whatever the route leaves
 * unread is small enough to discard (see createRemixHandler).
 */
export function refuseOversizeBody(req: IncomingMessage, res: ServerResponse, limitFor: BodyLimitFor): boolean {
  const declaredHeader = req.headers["content-length"];
  if (req.headers["transfer-encoding"] !== undefined && declaredHeader === undefined) {
    answer(req, res, 411, "Send the request body with a Content-Length header.", false);
    return true;
  }
  const declared = Number(declaredHeader ?? 0);
  const limit = limitFor((req.url ?? "/").split("?")[0]);
  if (!(declared > limit)) return false;
  answer(req, res, 413, `Request body too large: the limit here is ${megabytes(limit)}.`, declared <= 2 * limit);
  return true;
}
