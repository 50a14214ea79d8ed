import { hmacSha256, sha256 } from "./crypto.server";
import { env } from "./env.server";

/**
 * Survey and unsubscribe tokens of an invitation, derived rather than stored: HMAC-SHA-256 under
 * a key derived from the server secret, over the campaign and contact. The database keeps only
 * their SHA-256, as for any token; deriving them again is what lets the reminder carry the
 * SAME links as the first email, so a contact who opens the older email still gets through.
 * The output is 256 bits, indistinguishable from random without the secret
 * (docs/decisions/011-campaign-fan-out.md).
 */
let cachedKey: { secret: string; key: Buffer } | null = null;

function tokenKey(): Buffer {
  const secret = env().SESSION_SECRET;
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: hmacSha256(secret, "kizuna:invitation-tokens:v1") };
  return cachedKey.key;
}

export type InvitationTokens = { surveyToken: string; unsubscribeToken: string; tokenHash: string; unsubscribeTokenHash: string };

// The fan-out derives a contact's tokens (for their hashes) and the outbox's check derives them
// again a moment later (the email must not hold them): the last answer is kept for that second call.
let last: { key: Buffer; campaignId: number; contactId: number; tokens: InvitationTokens } | null = null;

export function invitationTokens(campaignId: number, contactId: number): InvitationTokens {
  const key = tokenKey();
  if (last && last.key === key && last.campaignId === campaignId && last.contactId === contactId) return last.tokens;
  last = { key, campaignId, contactId, tokens: deriveTokens(key, campaignId, contactId) };
  return last.tokens;
}

function deriveTokens(key: Buffer, campaignId: number, contactId: number): InvitationTokens {
  const surveyToken = hmacSha256(key, `survey:${campaignId}:${contactId}`).toString("base64url");
  const unsubscribeToken = hmacSha256(key, `unsubscribe:${campaignId}:${contactId}`).toString("base64url");
  return { surveyToken, unsubscribeToken, tokenHash: sha256(surveyToken), unsubscribeTokenHash: sha256(unsubscribeToken) };
}
