import { eq } from "drizzle-orm";
import { accounts, contacts } from "../../db/schema";
import { db } from "../utils/db.server";

export type PortalContact = {
  id: number;
  email: string;
  name: string | null;
  locale: "en" | "ja";
  accountId: number;
  accountName: string;
};

export function normalizeContactEmail(email: string) {
  return email.trim().toLowerCase();
}

export function findContactForSession(id: number): PortalContact | undefined {
  return db
    .select({
      id: contacts.id,
      email: contacts.email,
      name: contacts.name,
      locale: contacts.locale,
      accountId: contacts.accountId,
      accountName: accounts.name,
    })
    .from(contacts)
    .innerJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(eq(contacts.id, id))
    .get();
}

export function findContactByEmail(email: string) {
  return db.select().from(contacts).where(eq(contacts.email, normalizeContactEmail(email))).get();
}
