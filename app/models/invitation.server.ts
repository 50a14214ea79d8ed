import { and, desc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { accounts, campaigns, contacts, invitations, responses } from "../../db/schema";
import { SurveyDefinition, DEFAULT_SURVEY } from "../domain/survey";
import { sha256 } from "../utils/crypto.server";
import { db } from "../utils/db.server";

/** Tokens are 256 bits in base64url: 43 characters. Anything else is not ours, and costs no lookup. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && TOKEN_FORMAT.test(token);
}

/** Campaign states in which answers are still taken. */
export const OPEN_CAMPAIGN_STATUSES = ["scheduled", "sending", "sent"] as const;

export function campaignAcceptsAnswers(campaign: { status: string; closesAt: number | null }, invitationStatus: string, now = Date.now()): boolean {
  if (invitationStatus === "cancelled") return false;
  if (campaign.closesAt !== null && campaign.closesAt <= now) return false;
  return (OPEN_CAMPAIGN_STATUSES as readonly string[]).includes(campaign.status);
}

/** A snapshot that no longer parses still shows a survey: the default texts, never a broken page. */
export function parseSurveySnapshot(snapshot: unknown): SurveyDefinition {
  const parsed = SurveyDefinition.safeParse(snapshot);
  return parsed.success ? parsed.data : DEFAULT_SURVEY;
}

/** An invitation is answered once it has a response (its first answer is the response's creation). */
export const isUnanswered = sql`NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = ${invitations.id})`;

const surveyColumns = {
  id: invitations.id,
  status: invitations.status,
  locale: invitations.locale,
  answeredAt: responses.createdAt,
  contactId: invitations.contactId,
  campaignId: campaigns.id,
  campaignStatus: campaigns.status,
  closesAt: campaigns.closesAt,
  survey: campaigns.survey,
  contactName: contacts.name,
  segment: accounts.segment,
  responseId: responses.id,
  score: responses.score,
  comment: responses.comment,
  category: responses.category,
};

/** Everything the answer page and its thank-you page show, read-only, by the survey token. */
export function findInvitationBySurveyToken(token: string) {
  if (!isWellFormedToken(token)) return undefined;
  return db
    .select(surveyColumns)
    .from(invitations)
    .innerJoin(campaigns, eq(campaigns.id, invitations.campaignId))
    .innerJoin(contacts, eq(contacts.id, invitations.contactId))
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .leftJoin(responses, eq(responses.invitationId, invitations.id))
    .where(eq(invitations.tokenHash, sha256(token)))
    .get();
}

export type SurveyInvitation = NonNullable<ReturnType<typeof findInvitationBySurveyToken>>;

/** The same view for a signed-in contact, by invitation id, only when the invitation is theirs. */
export function findContactInvitation(invitationId: number, contactId: number) {
  return db
    .select(surveyColumns)
    .from(invitations)
    .innerJoin(campaigns, eq(campaigns.id, invitations.campaignId))
    .innerJoin(contacts, eq(contacts.id, invitations.contactId))
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .leftJoin(responses, eq(responses.invitationId, invitations.id))
    .where(and(eq(invitations.id, invitationId), eq(invitations.contactId, contactId)))
    .get();
}

/** The contact an unsubscribe link speaks for. */
export function findContactByUnsubscribeToken(token: string) {
  if (!isWellFormedToken(token)) return undefined;
  return db
    .select({
      invitationId: invitations.id,
      contactId: contacts.id,
      email: contacts.email,
      name: contacts.name,
      locale: contacts.locale,
      invitationLocale: invitations.locale,
      unsubscribedAt: contacts.unsubscribedAt,
    })
    .from(invitations)
    .innerJoin(contacts, eq(contacts.id, invitations.contactId))
    .where(eq(invitations.unsubscribeTokenHash, sha256(token)))
    .get();
}

/**
 * The survey a signed-in contact is due, for the portal: the newest invitation that reached
 * them (sent or delivered), in a wave still running, not yet answered. Unsubscribed contacts
 * see none: unsubscribing from surveys covers every channel.
 */
export function findDueSurveyForContact(contactId: number, now = Date.now()) {
  return db
    .select({ invitationId: invitations.id, survey: campaigns.survey, locale: invitations.locale })
    .from(invitations)
    .innerJoin(campaigns, eq(campaigns.id, invitations.campaignId))
    .innerJoin(contacts, eq(contacts.id, invitations.contactId))
    .where(
      and(
        eq(invitations.contactId, contactId),
        inArray(invitations.status, ["sent", "delivered"]),
        inArray(campaigns.status, ["sending", "sent"]),
        or(isNull(campaigns.closesAt), gt(campaigns.closesAt, now)),
        isUnanswered,
        isNull(contacts.unsubscribedAt),
      ),
    )
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(1)
    .get();
}
