import { db, preparedOn } from "../utils/db.server";

/** One real round-trip to the database file. Throws when it is unreachable. */
export function pingDatabase(): void {
  preparedOn(db, "SELECT count(*) FROM __drizzle_migrations").get();
}
