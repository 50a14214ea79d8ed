import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { openSqlite, type Sqlite } from "../../../db/client";

/**
 * The baseline the app is compared with: Node's own HTTP server and a better-sqlite3 connection
 * opened with the app's pragmas, doing only what the handler does. No framework, no routing,
 * no sessions: the upper bound a route could reach on this machine.
 */
export type BareHandler = (sqlite: Sqlite) => (request: IncomingMessage, response: ServerResponse, body: Buffer) => void;

const handlerFile = resolve(process.env.BENCH_HANDLER!);
const { default: makeHandler } = (await import(pathToFileURL(handlerFile).href)) as { default: BareHandler };
const handle = makeHandler(openSqlite(process.env.BENCH_DATABASE_FILE!));

createServer((request, response) => {
  if (request.method === "GET" || request.method === "HEAD") {
    handle(request, response, Buffer.alloc(0));
    return;
  }
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => handle(request, response, Buffer.concat(chunks)));
}).listen(Number(process.env.PORT), "127.0.0.1");
