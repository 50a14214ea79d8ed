import type { LoaderFunctionArgs } from "@remix-run/node";
import { metricsAccess } from "../services/metrics-access.server";
import { metrics } from "../utils/metrics.server";

/** GET /metrics: Prometheus's text format, for the holder of METRICS_TOKEN; 404 while it is unset. */
export async function loader({ request }: LoaderFunctionArgs) {
  const access = metricsAccess(request.headers.get("Authorization"));
  if (access === "off") return new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (access === "refused") {
    return new Response("A Bearer token (METRICS_TOKEN) is required.", {
      status: 401,
      headers: { "Content-Type": "text/plain; charset=utf-8", "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" },
    });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
}
