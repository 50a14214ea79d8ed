import type { IncomingMessage, ServerResponse } from "node:http";
import { checkRequestOrigin } from "./same-origin";

/**
 * The server entry's cross-origin wall, in front of everything (Remix routes, resource routes
 * such as /logout and /language, the answer fast path): a state-changing request whose `Origin`
 * (or, without one, `Referer`) is not APP_URL's origin is answered 403 here and reaches no code
 * that could write. Returns true when it answered.
 */
export function refuseForeignOrigin(req: IncomingMessage, res: ServerResponse, appUrl: string): boolean {
  const verdict = checkRequestOrigin({ method: req.method ?? "GET", url: req.url ?? "/", origin: req.headers.origin, referer: req.headers.referer }, appUrl);
  if (verdict.ok) return false;
  const body = `Cross-origin request refused: send this form from ${new URL(appUrl).origin}.\n`;
  res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
  res.end(body);
  return true;
}
