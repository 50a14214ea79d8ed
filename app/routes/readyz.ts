import { checkReadiness } from "../services/readiness.server";

/** Readiness (liveness is /healthz): 200 when this instance should get traffic, 503 with the reason when not. */
export function loader() {
  const readiness = checkReadiness();
  return Response.json(
    { status: readiness.ready ? "ready" : "unavailable", ...(readiness.reason ? { reason: readiness.reason } : {}), checks: readiness.checks },
    { status: readiness.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
