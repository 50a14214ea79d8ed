import type { OutboxLinks } from "../../db/schema";
import { LINK_SLOTS, type LinkSlot } from "../domain/email-links";
import { hmacSha256, newToken, sha256 } from "./crypto.server";
import { env } from "./env.server";
import { invitationTokens } from "./invitation-tokens.server";

/*
 * The server half of docs/decisions/027-no-working-links-at-rest.md: tokens are derived from the
 * server secret (never stored in the database or its backups) and what the outbox row says, so
 * the worker mints the same tokens on every attempt: a resend carries the same body under the
 * same idempotency key, and the provider recognises it.
 */

let cachedKey: { secret: string; key: Buffer } | null = null;

function signInKey(): Buffer {
  const secret = env().SESSION_SECRET;
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: hmacSha256(secret, "kizuna:sign-in-links:v1") };
  return cachedKey.key;
}

/** The sign-in token for a link's salt: 256 bits, indistinguishable from random without the secret. */
export function signInToken(salt: string): string {
  return hmacSha256(signInKey(), `sign-in:${salt}`).toString("base64url");
}

/**
 * A new sign-in link: a random salt (stored with the outbox row), the token it derives (sent in
 * the email, never stored) and that token's hash (stored with the link, as before).
 */
export function newSignInLink(): { salt: string; token: string; tokenHash: string } {
  const salt = newToken();
  const token = signInToken(salt);
  return { salt, token, tokenHash: sha256(token) };
}

let cachedJoinKey: { secret: string; key: Buffer } | null = null;

function joinKey(): Buffer {
  const secret = env().SESSION_SECRET;
  if (cachedJoinKey?.secret !== secret) cachedJoinKey = { secret, key: hmacSha256(secret, "kizuna:join-links:v1") };
  return cachedJoinKey.key;
}

/** A community join link's token: a key of its own, so no join token is ever a sign-in token. */
export function joinToken(salt: string): string {
  return hmacSha256(joinKey(), `join:${salt}`).toString("base64url");
}

/** A new join link: the salt the outbox row keeps, the token the email carries, the hash the link row keeps. */
export function newJoinLink(): { salt: string; token: string; tokenHash: string } {
  const salt = newToken();
  const token = joinToken(salt);
  return { salt, token, tokenHash: sha256(token) };
}

let communityKey: { secret: string; key: Buffer } | null = null;

/**
 * The one-click token that stops one kind of community email (`emailKind`: a notification kind or
 * `digest`) for one member: derived, so a resent email carries the same link, and single-purpose,
 * since its key is used for nothing else. Its SHA-256 is stored when the email is queued.
 */
export function communityUnsubscribeToken(memberId: number, emailKind: string): string {
  const secret = env().SESSION_SECRET;
  if (communityKey?.secret !== secret) communityKey = { secret, key: hmacSha256(secret, "kizuna:community-unsubscribe:v1") };
  return hmacSha256(communityKey.key, `${memberId}:${emailKind}`).toString("base64url");
}

let meetupKeys: { secret: string; calendar: Buffer; survey: Buffer } | null = null;

/**
 * A registration's calendar-file and survey tokens: derived (a resent or repeated email carries
 * the same links), each from a key used for nothing else, so a calendar token never answers a
 * survey. Their SHA-256 is stored on the registration; the tokens themselves never are.
 */
export function meetupTokens(registrationId: number): { calendar: string; survey: string } {
  const secret = env().SESSION_SECRET;
  if (meetupKeys?.secret !== secret) {
    meetupKeys = { secret, calendar: hmacSha256(secret, "kizuna:meetup-calendar:v1"), survey: hmacSha256(secret, "kizuna:meetup-survey:v1") };
  }
  return {
    calendar: hmacSha256(meetupKeys.calendar, String(registrationId)).toString("base64url"),
    survey: hmacSha256(meetupKeys.survey, String(registrationId)).toString("base64url"),
  };
}

let onboardingKey: { secret: string; key: Buffer } | null = null;

/**
 * The one-click token that stops onboarding email for one contact: derived (a resent email carries
 * the same link) from a key used for nothing else, so it never stops surveys or community email.
 * Its SHA-256 is stored when the first onboarding email is queued (`onboarding_email_prefs`).
 */
export function onboardingUnsubscribeToken(contactId: number): string {
  const secret = env().SESSION_SECRET;
  if (onboardingKey?.secret !== secret) onboardingKey = { secret, key: hmacSha256(secret, "kizuna:onboarding-unsubscribe:v1") };
  return hmacSha256(onboardingKey.key, String(contactId)).toString("base64url");
}

/** The token each slot stands for in an email with these links. */
export function linkTokens(links: OutboxLinks): Partial<Record<LinkSlot, string>> {
  if (links.kind === "sign-in") return { [LINK_SLOTS.signIn]: signInToken(links.salt) };
  if (links.kind === "join") return { [LINK_SLOTS.join]: joinToken(links.salt) };
  if (links.kind === "community-unsubscribe") return { [LINK_SLOTS.communityUnsubscribe]: communityUnsubscribeToken(links.memberId, links.emailKind) };
  if (links.kind === "onboarding-unsubscribe") return { [LINK_SLOTS.onboardingUnsubscribe]: onboardingUnsubscribeToken(links.contactId) };
  if (links.kind === "meetup") {
    const tokens = meetupTokens(links.registrationId);
    return { [LINK_SLOTS.meetupCalendar]: tokens.calendar, [LINK_SLOTS.meetupSurvey]: tokens.survey };
  }
  const tokens = invitationTokens(links.campaignId, links.contactId);
  return { [LINK_SLOTS.survey]: tokens.surveyToken, [LINK_SLOTS.unsubscribe]: tokens.unsubscribeToken };
}

export type LinkBearing = { html: string; text: string; headers: Record<string, string> };

/**
 * The email as it is sent: every slot replaced by its token. String replacement only (a few
 * microseconds an email), so a batch of 100 costs nothing next to its request.
 */
export function fillLinks<T extends LinkBearing>(email: T, links: OutboxLinks | null): T {
  if (!links) return email;
  const tokens = Object.entries(linkTokens(links));
  // A literal replaceAll per slot: several times faster than one regular expression over the body.
  const fill = (value: string) => {
    let out = value;
    for (const [slot, token] of tokens) if (out.includes(slot)) out = out.replaceAll(slot, token);
    return out;
  };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(email.headers)) headers[name] = fill(value);
  return { ...email, html: fill(email.html), text: fill(email.text), headers };
}
