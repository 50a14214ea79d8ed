import { and, asc, eq, gte, inArray, ne, sql, type SQL } from "drizzle-orm";
import { accounts, campaigns, contacts, invitations, responses, suppressions } from "../../db/schema";
import type { Category } from "../domain/nps";
import { db } from "../utils/db.server";

/** The JSON API's read models for NPS: campaign progress, the response feed, a contact's survey state. */

/** Invitation statuses by what a caller of the API wants to know. */
const NOT_YET_SENT = ["pending", "queued"] as const;
const LEFT_THE_OUTBOX = ["sent", "delayed", "delivered", "bounced", "complained", "failed"] as const;

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

export function campaignProgress(campaignId: number) {
  const campaign = db
    .select({ id: campaigns.id, status: campaigns.status, recipients: campaigns.recipients })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId))
    .get();
  if (!campaign) return undefined;
  const counts = db
    .select({
      queued: sql<number>`coalesce(sum(${invitations.status} in (${inList(NOT_YET_SENT)})), 0)`,
      sent: sql<number>`coalesce(sum(${invitations.status} in (${inList(LEFT_THE_OUTBOX)})), 0)`,
      // A complaint comes from a mailbox the email reached.
      delivered: sql<number>`coalesce(sum(${invitations.status} in ('delivered', 'complained') or ${invitations.deliveredAt} is not null), 0)`,
      bounced: sql<number>`coalesce(sum(${invitations.status} = 'bounced'), 0)`,
      answered: sql<number>`(SELECT count(*) FROM ${responses} r WHERE r.campaign_id = ${campaignId})`,
    })
    .from(invitations)
    .where(eq(invitations.campaignId, campaignId))
    .get()!;
  return { ...campaign, counts };
}

export type ResponseCursor = { updatedAt: number; id: number };

export type ResponseFeedQuery = { since?: number; category?: Category; after?: ResponseCursor; limit: number };

/**
 * Responses in the order they were last written (updatedAt, then id): a keyset page on
 * `responses_updated_idx`, so page 10,000 costs what page 1 does and a changed answer shows up
 * again after the cursor. Returns one page and the key to continue after it, if any.
 */
export function responseFeed(query: ResponseFeedQuery) {
  const clauses: (SQL | undefined)[] = [];
  if (query.since !== undefined) clauses.push(gte(responses.updatedAt, query.since));
  if (query.category) clauses.push(eq(responses.category, query.category));
  if (query.after) clauses.push(sql`(${responses.updatedAt}, ${responses.id}) > (${query.after.updatedAt}, ${query.after.id})`);
  const rows = db
    .select({
      id: responses.id,
      contactEmail: contacts.email,
      accountExternalId: accounts.externalId,
      score: responses.score,
      comment: responses.comment,
      category: responses.category,
      updatedAt: responses.updatedAt,
    })
    .from(responses)
    .innerJoin(contacts, eq(contacts.id, responses.contactId))
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .where(and(...clauses))
    .orderBy(asc(responses.updatedAt), asc(responses.id))
    .limit(query.limit + 1)
    .all();
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? ({ updatedAt: last.updatedAt, id: last.id } satisfies ResponseCursor) : null };
}

/**
 * Whether and when each address was suppressed (bounce, complaint) and last surveyed: the
 * latest invitation that was not cancelled, by when it was sent or else created.
 */
export function surveyStateOf(emails: string[]) {
  if (emails.length === 0) return new Map<string, { suppressedAt: number | null; lastSurveyedAt: number | null }>();
  const suppressed = db.select({ email: suppressions.email, at: suppressions.createdAt }).from(suppressions).where(inArray(suppressions.email, emails)).all();
  const surveyed = db
    .select({ email: contacts.email, at: sql<number | null>`max(coalesce(${invitations.sentAt}, ${invitations.createdAt}))` })
    .from(invitations)
    .innerJoin(contacts, eq(contacts.id, invitations.contactId))
    .where(and(inArray(contacts.email, emails), ne(invitations.status, "cancelled")))
    .groupBy(contacts.email)
    .all();
  return new Map(
    emails.map((email) => [
      email,
      { suppressedAt: suppressed.find((s) => s.email === email)?.at ?? null, lastSurveyedAt: surveyed.find((s) => s.email === email)?.at ?? null },
    ]),
  );
}
