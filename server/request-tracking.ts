import type { IncomingMessage, ServerResponse } from "node:http";
import type * as ServerApi from "../app/server-api.server";

export type RequestTracking = Pick<typeof ServerApi, "requestIdFor" | "logRequest">;

/**
 * Every request gets an id before anything answers it: echoed in X-Request-Id, passed to the
 * app in the same header (error pages show it), and written with the request's one log line
 * (its route pattern, never its path or query) once the response is done or the client has gone.
 */
export function createRequestTracker(api: RequestTracking, routeOf: (pathname: string) => string) {
  return function trackRequest(req: IncomingMessage, res: ServerResponse) {
    const started = performance.now();
    const id = api.requestIdFor(req.headers["x-request-id"]);
    req.headers["x-request-id"] = id;
    res.setHeader("X-Request-Id", id);
    res.once("close", () => {
      const pathname = (req.url ?? "/").split("?")[0];
      api.logRequest({
        id,
        method: req.method ?? "GET",
        route: routeOf(pathname),
        status: res.statusCode,
        ms: performance.now() - started,
        completed: res.writableFinished,
      });
    });
  };
}
