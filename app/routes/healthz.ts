import { pingDatabase } from "../models/health.server";

export function loader() {
  try {
    pingDatabase();
    return Response.json({ status: "ok", db: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "unavailable", db: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
