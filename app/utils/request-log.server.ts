import { matchRoutes } from "@remix-run/react";
import { randomBytes } from "node:crypto";
import { requestLog } from "./log.server";
import { observeRequest } from "./metrics.server";

/** An incoming X-Request-Id is kept (a proxy's, so its log and ours share the id) only when it is a short, plain token. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{7,63}$/;

// Ids are this process's random prefix and a count: unique across restarts and processes without
// asking the system for randomness on every request (which the answer path paid for).
const idPrefix = randomBytes(6).toString("hex");
let idCount = 0;

/** The id of a request: the proxy's when it sent a safe one, otherwise a new one of 16+ characters. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  if (value && SAFE_REQUEST_ID.test(value)) return value;
  idCount = (idCount + 1) % Number.MAX_SAFE_INTEGER;
  return `${idPrefix}${idCount.toString(36).padStart(4, "0")}`;
}

type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean };
type RouteNode = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: RouteNode[] };

/**
 * Names the route a path reaches as its pattern (`/s/:token`, `/cs/accounts/:id`), from the
 * build's route manifest and the router's own matching: the log and the metrics speak of routes,
 * never of paths, which carry tokens and ids. A path no route takes is `unmatched`.
 */
export function routePatterns(manifest: Record<string, ManifestRoute | undefined>): (pathname: string) => string {
  const nodes = new Map<string, RouteNode>();
  for (const route of Object.values(manifest)) {
    if (route) nodes.set(route.id, { id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive });
  }
  const roots: RouteNode[] = [];
  for (const route of Object.values(manifest)) {
    if (!route) continue;
    const node = nodes.get(route.id)!;
    const parent = route.parentId ? nodes.get(route.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  // Every segment some route spells out. Any other segment can only be taken by a parameter (or
  // a splat), so a path reaches the same route with such segments replaced by one placeholder:
  // `/s/<any token>` is one key. The router's matching ranks every route on each call, which
  // cost the answer path two thirds of its throughput when it ran per request.
  const staticSegments = new Set<string>();
  for (const node of nodes.values()) for (const segment of (node.path ?? "").split("/")) if (segment && !/^[:*(]/.test(segment)) staticSegments.add(segment);
  const shapeOf = (pathname: string) =>
    pathname
      .split("/")
      .map((segment) => (segment === "" || staticSegments.has(segment) ? segment : ":"))
      .join("/");
  const cache = new Map<string, string>();
  return (requested) => {
    // Remix's own: the route manifest a client-side navigation fetches lazily.
    if (requested === "/__manifest") return requested;
    // A client-side navigation asks for the route's data at `<path>.data` (`/_root.data` for `/`).
    const pathname = requested === "/_root.data" ? "/" : requested.endsWith(".data") ? requested.slice(0, -".data".length) : requested;
    const shape = shapeOf(pathname);
    const known = cache.get(shape);
    if (known) return known;
    const matches = matchRoutes(roots as Parameters<typeof matchRoutes>[0], shape);
    const leaf = matches?.at(-1);
    const pattern =
      !leaf || leaf.route.id === "root"
        ? "unmatched"
        : `/${matches!
            .map((m) => (m.route.path ?? "").replace(/^\/|\/$/g, ""))
            .filter(Boolean)
            .join("/")}`;
    // Shapes are bounded by the routes, save for paths of ever more segments: those are not kept.
    if (cache.size < 1000) cache.set(shape, pattern);
    return pattern;
  };
}

export type FinishedRequest = {
  id: string;
  method: string;
  route: string;
  status: number;
  ms: number;
  /** False when the client went away before the whole response was sent. */
  completed: boolean;
};

/**
 * One JSON line per request (what was asked of which route, the answer, how long it took;
 * nothing from the path, query or body), and the same counted in the request metrics.
 */
export function logRequest(request: FinishedRequest) {
  observeRequest(request);
  const line = {
    reqId: request.id,
    method: request.method,
    route: request.route,
    status: request.status,
    ms: Math.round(request.ms * 10) / 10,
    ...(request.completed ? {} : { aborted: true }),
  };
  const message = `${request.method} ${request.route} ${request.status}`;
  if (request.status >= 500) requestLog().error(line, message);
  else requestLog().info(line, message);
}
