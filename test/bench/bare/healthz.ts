import type { BareHandler } from "./server";

/** The same round-trip as the app's GET /healthz (app/models/health.server.ts), same JSON. */
const healthz: BareHandler = (sqlite) => {
  const ping = sqlite.prepare("SELECT count(*) FROM __drizzle_migrations");
  const body = JSON.stringify({ status: "ok", db: "ok" });
  return (request, response) => {
    if (request.url !== "/healthz") {
      response.writeHead(404).end();
      return;
    }
    ping.get();
    response.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" }).end(body);
  };
};

export default healthz;
