import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { doNotContact } from "../../db/schema";
import { db } from "../utils/db.server";
import { env } from "../utils/env.server";
import { normalizeContactEmail } from "./contact.server";

/**
 * The do-not-contact list holds no address: an HMAC of the normalised address keyed by the app's
 * secret, so a copy of the database alone cannot tell whose addresses they are, nor test guesses
 * (a plain hash of an address is a dictionary away from the address). Changing SESSION_SECRET
 * empties the list in effect (docs/decisions/043).
 */
export function doNotContactHash(email: string): string {
  return createHmac("sha256", env().SESSION_SECRET)
    .update(`do-not-contact:${normalizeContactEmail(email)}`)
    .digest("hex");
}

export function addToDoNotContact(tx: Db, email: string, now = Date.now()) {
  tx.insert(doNotContact)
    .values({ emailHash: doNotContactHash(email), createdAt: new Date(now) })
    .onConflictDoNothing()
    .run();
}

export function isOnDoNotContact(email: string, conn: Db = db): boolean {
  return (
    conn
      .select({ h: doNotContact.emailHash })
      .from(doNotContact)
      .where(eq(doNotContact.emailHash, doNotContactHash(email)))
      .get() !== undefined
  );
}

/** A lookup for bulk checks (an import of 100,000 rows): the list is small, so it is read once. */
export function doNotContactLookup(conn: Db = db): (email: string) => boolean {
  const hashes = new Set(
    conn
      .select({ h: doNotContact.emailHash })
      .from(doNotContact)
      .all()
      .map((row) => row.h),
  );
  return (email) => hashes.size > 0 && hashes.has(doNotContactHash(email));
}
