import compression from "compression";
import express, { type RequestHandler, type Router } from "express";
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { constants } from "node:zlib";

/** The built files worth compressing (text); images and fonts are compressed already. */
export const PRECOMPRESSED = [".js", ".css", ".svg", ".json", ".txt", ".map"];

/**
 * Compression for everything the app sends. Built assets under `/build` were compressed once
 * at build time (brotli 11 and gzip 9, see precompress-assets.ts) and are served as those files;
 * pages, JSON and whatever else is compressible are compressed as they are written, brotli at
 * quality 4 (a small cost per page, most of the gain), gzip where the browser does not take br.
 * Streamed responses stay streamed: Remix flushes after each chunk it writes, and the flushes
 * written in one turn of the event loop are coalesced into one, so a page rendered in many
 * small pieces is not compressed piece by piece.
 */
export function responseCompression(buildDir: string): Router {
  const router = express.Router();
  router.use(compression({ threshold: 1024, brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } } }));
  router.use(coalesceFlushes);
  router.use("/build", precompressedStatic(buildDir));
  return router;
}

const coalesceFlushes: RequestHandler = (_req, res, next) => {
  const flush = (res as typeof res & { flush?: () => void }).flush;
  if (!flush) return next();
  let scheduled = false;
  let closed = false;
  res.on("close", () => (closed = true));
  (res as typeof res & { flush: () => void }).flush = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (!closed) flush.call(res);
    });
  };
  next();
};

/** Whether an Accept-Encoding header takes `coding` (q > 0, by name or by `*`). */
export function acceptsEncoding(header: string | undefined, coding: string): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const accepted = q === undefined || Number(q) > 0;
    if (name === coding) return accepted;
    if (name === "*") wildcard = accepted;
  }
  return wildcard;
}

/**
 * `express.static` for the fingerprinted build (cached for a year), answering with the `.br` or
 * `.gz` file beside an asset when the browser takes that encoding. Which variants exist is read
 * once at start: no disk lookup per request.
 */
export function precompressedStatic(dir: string): RequestHandler {
  const variants = new Map<string, { br: boolean; gzip: boolean }>();
  const files = new Set(listFiles(dir));
  for (const file of files) {
    if (PRECOMPRESSED.some((ext) => file.endsWith(ext))) {
      const br = files.has(`${file}.br`);
      const gzip = files.has(`${file}.gz`);
      if (br || gzip) variants.set(`/${file}`, { br, gzip });
    }
  }
  const serve = express.static(dir, { immutable: true, maxAge: "1y", index: false });
  return (req, res, next) => {
    const variant = req.method === "GET" || req.method === "HEAD" ? variants.get(req.path) : undefined;
    if (variant) {
      res.vary("Accept-Encoding");
      const accept = req.headers["accept-encoding"];
      const encoding = variant.br && acceptsEncoding(accept, "br") ? "br" : variant.gzip && acceptsEncoding(accept, "gzip") ? "gzip" : null;
      if (encoding) {
        // The type of the asset, not of its compressed file; `send` keeps a type already set.
        res.type(req.path.slice(req.path.lastIndexOf(".")));
        res.setHeader("Content-Encoding", encoding);
        req.url = `${req.path}.${encoding === "br" ? "br" : "gz"}`;
      }
    }
    serve(req, res, next);
  };
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"));
  } catch {
    return [];
  }
}
