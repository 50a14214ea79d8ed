import { and, desc, eq, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import { accounts, campaigns, cases, contacts, promoterActions, responses, users } from "../../db/schema";
import { db } from "../utils/db.server";

/*
 * What the response page shows, each read by a key: the response by id, the respondent's answers
 * through (contact, created_at), the account's other contacts through (account) and each one's
 * latest answer through (contact, created_at), the case and promoter actions by response.
 */

export function findResponseCore(responseId: number, conn: Db = db) {
  const csm = alias(users, "csm");
  return conn
    .select({
      id: responses.id,
      score: responses.score,
      comment: responses.comment,
      category: responses.category,
      locale: responses.locale,
      channel: responses.channel,
      createdAt: responses.createdAt,
      updatedAt: responses.updatedAt,
      campaignId: responses.campaignId,
      campaignName: campaigns.name,
      campaignSurvey: campaigns.survey,
      contactId: contacts.id,
      contactName: contacts.name,
      contactEmail: contacts.email,
      contactTitle: contacts.title,
      contactLocale: contacts.locale,
      unsubscribedAt: contacts.unsubscribedAt,
      accountId: accounts.id,
      accountName: accounts.name,
      segment: accounts.segment,
      stage: accounts.stage,
      acvAmount: accounts.acvAmount,
      acvCurrency: accounts.acvCurrency,
      renewalDate: accounts.renewalDate,
      csmUserId: csm.id,
      csmName: csm.name,
      csmEmail: csm.email,
      csmDisabledAt: csm.disabledAt,
      /** The CSM's console language, which their emails follow (null until their first sign-in). */
      csmLocale: csm.locale,
    })
    .from(responses)
    .innerJoin(contacts, eq(contacts.id, responses.contactId))
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .leftJoin(csm, eq(csm.id, accounts.csmUserId))
    .leftJoin(campaigns, eq(campaigns.id, responses.campaignId))
    .where(eq(responses.id, responseId))
    .get();
}

export type ResponseCore = NonNullable<ReturnType<typeof findResponseCore>>;

export const HISTORY_LIMIT = 50;

/** The contact's answers over time (every wave), newest first. */
export function listContactResponses(contactId: number, conn: Db = db) {
  return conn
    .select({
      id: responses.id,
      score: responses.score,
      category: responses.category,
      comment: responses.comment,
      createdAt: responses.createdAt,
      updatedAt: responses.updatedAt,
      campaignName: campaigns.name,
    })
    .from(responses)
    .leftJoin(campaigns, eq(campaigns.id, responses.campaignId))
    .where(eq(responses.contactId, contactId))
    .orderBy(desc(responses.createdAt), desc(responses.id))
    .limit(HISTORY_LIMIT)
    .all();
}

export const OTHER_CONTACTS_LIMIT = 25;

/** The account's other contacts, each with their latest answer (if any), latest answers first. */
export function listOtherContactsWithLatestScore(accountId: number, exceptContactId: number, conn: Db = db) {
  const latest = alias(responses, "latest");
  return conn
    .select({
      contactId: contacts.id,
      name: contacts.name,
      email: contacts.email,
      responseId: latest.id,
      score: latest.score,
      category: latest.category,
      answeredAt: latest.createdAt,
    })
    .from(contacts)
    .leftJoin(latest, eq(latest.id, sql`(SELECT r.id FROM responses r WHERE r.contact_id = ${contacts.id} ORDER BY r.created_at DESC, r.id DESC LIMIT 1)`))
    .where(and(eq(contacts.accountId, accountId), ne(contacts.id, exceptContactId)))
    .orderBy(sql`${latest.createdAt} IS NULL`, desc(latest.createdAt), contacts.id)
    .limit(OTHER_CONTACTS_LIMIT)
    .all();
}

export function findCaseOfResponse(responseId: number, conn: Db = db) {
  return conn
    .select({ id: cases.id, status: cases.status, dueAt: cases.dueAt, closedAt: cases.closedAt, ownerName: users.name, ownerUserId: cases.ownerUserId })
    .from(cases)
    .leftJoin(users, eq(users.id, cases.ownerUserId))
    .where(eq(cases.responseId, responseId))
    .get();
}

export function listPromoterActions(responseId: number, conn: Db = db) {
  return conn
    .select({
      id: promoterActions.id,
      kind: promoterActions.kind,
      createdAt: promoterActions.createdAt,
      actorName: users.name,
      outboxId: promoterActions.outboxId,
    })
    .from(promoterActions)
    .leftJoin(users, eq(users.id, promoterActions.actorUserId))
    .where(eq(promoterActions.responseId, responseId))
    .all();
}
