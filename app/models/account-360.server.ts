import { sql } from "drizzle-orm";
import { zoneDaySql } from "./nps-rollup.server";
import type { Db } from "../../db/client";
import type { CaseStatus } from "../../db/schema";
import type { CampaignScoreRow } from "../domain/account-360";
import { db } from "../utils/db.server";

/*
 * The queries behind the account page (Account 360). Each starts from the account's id on an
 * index (`contacts_account_idx`, `responses_account_idx`, `cases_account_idx`, and invitations
 * through their contacts), so the page costs what the account holds, not what the database does.
 */

export type AccountContactWithScore = {
  id: number;
  email: string;
  name: string | null;
  title: string | null;
  locale: "en" | "ja";
  unsubscribedAt: number | null;
  /** The contact's latest answer, null when it never answered. */
  latestScore: number | null;
  /** When that answer was last given (ms since the epoch). */
  latestAnsweredAt: number | null;
  responses: number;
};

/** The account's contacts, each with its latest score and how many answers it gave. */
export function listAccountContactsWithScores(accountId: number, conn: Db = db): AccountContactWithScore[] {
  return conn.all<AccountContactWithScore>(sql`
    SELECT c.id, c.email, c.name, c.title, c.locale, c.unsubscribed_at AS unsubscribedAt,
      l.score AS latestScore, l.updated_at AS latestAnsweredAt,
      (SELECT count(*) FROM responses n WHERE n.contact_id = c.id) AS responses
    FROM contacts c
    LEFT JOIN responses l ON l.id = (
      SELECT r.id FROM responses r WHERE r.contact_id = c.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1)
    WHERE c.account_id = ${accountId} AND c.erased_at IS NULL
    ORDER BY l.updated_at IS NULL, l.updated_at DESC, c.email`);
}

/** Responses of the account per day in `timeZone` (of the first answer, from `fromMs` up to `toMs`) and score, for its NPS trend. */
export function accountScoresByDay(
  accountId: number,
  range: { fromMs: number; toMs: number; timeZone: string },
  conn: Db = db,
): { day: string; score: number; n: number }[] {
  const { fromMs, toMs, timeZone } = range;
  return conn.all<{ day: string; score: number; n: number }>(sql`
    SELECT ${sql.raw(zoneDaySql("created_at", timeZone, fromMs, toMs))} AS day, score, count(*) AS n
    FROM responses
    WHERE account_id = ${accountId} AND created_at >= ${fromMs} AND created_at < ${toMs}
    GROUP BY day, score`);
}

/** Every answer of the account per score: its all-time NPS. */
export function accountScoreCounts(accountId: number, conn: Db = db): { score: number; n: number }[] {
  return conn.all<{ score: number; n: number }>(sql`SELECT score, count(*) AS n FROM responses WHERE account_id = ${accountId} GROUP BY score`);
}

export type AccountOpenCase = {
  id: number;
  status: CaseStatus;
  dueAt: number;
  createdAt: number;
  ownerName: string | null;
  contactName: string | null;
  contactEmail: string;
  score: number;
  comment: string | null;
};

/** The account's follow-up cases still being worked, the soonest due first. */
export function listOpenCasesOfAccount(accountId: number, conn: Db = db): AccountOpenCase[] {
  return conn.all<AccountOpenCase>(sql`
    SELECT cs.id, cs.status, cs.due_at AS dueAt, cs.created_at AS createdAt, u.name AS ownerName,
      c.name AS contactName, c.email AS contactEmail, r.score, r.comment
    FROM cases cs
    JOIN contacts c ON c.id = cs.contact_id
    JOIN responses r ON r.id = cs.response_id
    LEFT JOIN users u ON u.id = cs.owner_user_id
    WHERE cs.account_id = ${accountId} AND cs.kind = 'follow_up' AND cs.status IN ('open', 'contacted')
    ORDER BY cs.due_at, cs.id`);
}

/**
 * Per campaign that invited the account's contacts: invitations by the score of their answer
 * (null for the unanswered). Invitations are reached through the contacts (`contacts_account_idx`,
 * then `invitations_contact_idx`) and answers by `responses_invitation_idx`.
 */
export function accountCampaignScores(accountId: number, conn: Db = db): CampaignScoreRow[] {
  return conn.all<CampaignScoreRow>(sql`
    SELECT cp.id AS campaignId, cp.name AS campaignName, cp.launched_at AS launchedAt, r.score AS score, count(*) AS n
    FROM contacts c
    JOIN invitations i ON i.contact_id = c.id
    JOIN campaigns cp ON cp.id = i.campaign_id
    LEFT JOIN responses r ON r.invitation_id = i.id
    WHERE c.account_id = ${accountId}
    GROUP BY cp.id, r.score
    ORDER BY coalesce(cp.launched_at, cp.created_at) DESC, cp.id DESC`);
}
