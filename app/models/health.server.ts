import { sqlite } from "../utils/db.server";

/** One real round-trip to the database file. Throws when it is unreachable. */
export function pingDatabase(): void {
  sqlite().prepare("SELECT count(*) FROM __drizzle_migrations").get();
}
