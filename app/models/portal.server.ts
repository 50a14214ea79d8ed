import { and, eq, isNull } from "drizzle-orm";
import { accounts, contacts, users } from "../../db/schema";
import { db } from "../utils/db.server";

/** What the portal home shows a contact about their own account, and nothing about anyone else's. */
export function findPortalHome(contactId: number) {
  return (
    db
      .select({
        accountName: accounts.name,
        csmName: users.name,
        csmEmail: users.email,
      })
      .from(contacts)
      .innerJoin(accounts, eq(accounts.id, contacts.accountId))
      // A disabled CSM is no longer someone the customer can reach.
      .leftJoin(users, and(eq(users.id, accounts.csmUserId), isNull(users.disabledAt)))
      .where(eq(contacts.id, contactId))
      .get()
  );
}
