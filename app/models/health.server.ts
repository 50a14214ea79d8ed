import type { Database, Statement } from "better-sqlite3";
import { sqlite } from "../utils/db.server";

const pings = new WeakMap<Database, Statement>();

/** One real round-trip to the database file. Throws when it is unreachable. */
export function pingDatabase(): void {
  const connection = sqlite();
  let ping = pings.get(connection);
  if (!ping) pings.set(connection, (ping = connection.prepare("SELECT count(*) FROM __drizzle_migrations")));
  ping.get();
}
