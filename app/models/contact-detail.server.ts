import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { db } from "../utils/db.server";

export type ContactDetail = {
  id: number;
  email: string;
  name: string | null;
  title: string | null;
  locale: "en" | "ja";
  unsubscribedAt: number | null;
  erasedAt: number | null;
  createdAt: number;
  accountId: number;
  accountName: string;
  responses: number;
  invitations: number;
  posts: number | null;
};

/** One contact for its console page, with how much Kizuna holds about them (counted on indexes). */
export function findContactDetail(contactId: number, conn: Db = db): ContactDetail | undefined {
  return conn.get<ContactDetail | undefined>(sql`
    SELECT c.id, c.email, c.name, c.title, c.locale, c.unsubscribed_at AS unsubscribedAt, c.erased_at AS erasedAt, c.created_at AS createdAt,
      a.id AS accountId, a.name AS accountName,
      (SELECT count(*) FROM responses r WHERE r.contact_id = c.id) AS responses,
      (SELECT count(*) FROM invitations i WHERE i.contact_id = c.id) AS invitations,
      CASE WHEN m.id IS NULL THEN NULL ELSE (SELECT count(*) FROM community_posts p WHERE p.author_id = m.id) END AS posts
    FROM contacts c JOIN accounts a ON a.id = c.account_id LEFT JOIN community_members m ON m.contact_id = c.id
    WHERE c.id = ${contactId}`);
}
