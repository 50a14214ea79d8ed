import type { ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/node";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type * as ServerApi from "../app/server-api.server";

// The form posts back to the page it is on, so the query (`?score=3` from the email) may follow.
const ANSWER_PATH = /^\/s\/([A-Za-z0-9_-]{43})(?:\?[^#]*)?$/;
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The answer POST is the hottest write Kizuna has (a wave of thousands answering within the
 * hour), so a valid form answer is recorded here, before Express and Remix: read the small
 * url-encoded body, record it through the same service the route uses, and 303 to the thank-you
 * page. Every other outcome (bad input, unknown token, rate limit) is replayed into the Remix
 * route, which re-validates and renders the page with its message; nothing was written.
 * Returns false when the request is not an answer POST, leaving it untouched.
 */
export function createAnswerFastPath(build: ServerBuild, api: typeof ServerApi, origin: string) {
  const { recordNpsResponse, SURVEY_PAGE_HEADERS } = api;
  const remix = createRequestHandler(build, "production");

  return function answerFastPath(req: IncomingMessage, res: ServerResponse, clientIp: string): boolean {
    if (req.method !== "POST") return false;
    const match = ANSWER_PATH.exec(req.url ?? "");
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    const length = Number(req.headers["content-length"]);
    if (!match || type !== "application/x-www-form-urlencoded" || !(length <= MAX_BODY_BYTES)) return false;

    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", () => res.destroy());
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const form = new URLSearchParams(body.toString("utf8"));
      const token = match[1];
      const result = recordNpsResponse(token, form.get("score") ?? undefined, form.get("comment") ?? undefined, clientIp);
      if (result.kind === "recorded") {
        res.writeHead(303, { ...SURVEY_PAGE_HEADERS, Location: `/s/${token}/thanks`, "Content-Length": "0" });
        res.end();
        return;
      }
      replay(req, body, res).catch((error: unknown) => {
        api.log().error({ reqId: req.headers["x-request-id"], err: error }, "Answer replay failed");
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
        res.end("Something went wrong; please try again.");
      });
    });
    return true;
  };

  async function replay(req: IncomingMessage, body: Buffer, res: ServerResponse) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const v of [value ?? []].flat()) headers.append(name, v);
    }
    const response = await remix(new Request(new URL(req.url ?? "/", origin), { method: "POST", headers, body: new Uint8Array(body) }));
    const out: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      if (name !== "set-cookie") out[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) out["set-cookie"] = cookies;
    res.writeHead(response.status, out);
    if (response.body) Readable.fromWeb(response.body as WebReadableStream).pipe(res);
    else res.end();
  }
}
