/**
 * Links with tokens in them (sign-in, survey, unsubscribe) are never stored working: an email is
 * written to the outbox with a slot where each token goes, and the worker puts the tokens in when
 * it sends (docs/decisions/027-no-working-links-at-rest.md). This file is the pure half: the
 * slots, and how a console view shows links without their tokens.
 *
 * Slots are plain capitals: nothing in React Email's HTML escaping or its text conversion alters
 * them, so they survive rendering wherever a token would stand (href, written-out address, header).
 */
export const LINK_SLOTS = {
  signIn: "KZSIGNINTOKEN",
  survey: "KZSURVEYTOKEN",
  unsubscribe: "KZUNSUBTOKEN",
  join: "KZJOINTOKEN",
  /** One kind of community email for one member (app/services/community-email.server.ts). */
  communityUnsubscribe: "KZCOMMUNSUBTOKEN",
  /** A user-group event's calendar file and its post-event survey, for one registration (app/services/meetup-emails.server.ts). */
  meetupCalendar: "KZMEETUPICSTOKEN",
  meetupSurvey: "KZMEETUPSURVEYTOKEN",
  /** Onboarding email for one contact (app/services/send-onboarding-nudges.server.ts). */
  onboardingUnsubscribe: "KZONBUNSUBTOKEN",
} as const;

export type LinkSlot = (typeof LINK_SLOTS)[keyof typeof LINK_SLOTS];

export const LINK_SLOT_PATTERN = new RegExp(Object.values(LINK_SLOTS).join("|"), "g");

/** What a console view shows where a token was: visibly not a token, and a dead link if followed. */
export const MASKED_TOKEN = "••••••••";

/**
 * A token in one of Kizuna's own link paths: `/login/<token>`, `/s/<token>` (survey, honeypot),
 * `/u/<token>` (unsubscribe), `/login/join/<token>` (joining the community by company domain),
 * `/community/unsubscribe/<token>`, `/onboarding/unsubscribe/<token>`. Tokens are base64url, 43 characters; shorter runs are left alone.
 */
const TOKEN_IN_PATH =
  /(\/(?:login\/join|login|s|u|community\/unsubscribe|community\/event-calendar|community\/event-survey|onboarding\/unsubscribe)\/)[A-Za-z0-9_-]{20,}/g;

/**
 * A text as a console may show it: every slot masked, and any token in one of our link paths
 * masked too (emails queued before slots existed, or a provider message quoting a link).
 */
export function maskLinkTokens(value: string): string {
  return value.replace(LINK_SLOT_PATTERN, MASKED_TOKEN).replace(TOKEN_IN_PATH, `$1${MASKED_TOKEN}`);
}

const LINK_PATHS = [
  "/login/",
  "/login/join/",
  "/s/",
  "/u/",
  "/community/unsubscribe/",
  "/community/event-calendar/",
  "/community/event-survey/",
  "/onboarding/unsubscribe/",
];
const TOKEN_MIN_LENGTH = 20;

function isTokenCharacter(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95;
}

/**
 * Whether a text holds what looks like a working token in one of our link paths. Literal
 * searches rather than a regular expression: the outbox runs it on every email a wave writes.
 */
export function holdsLinkToken(value: string): boolean {
  for (const path of LINK_PATHS) {
    for (let at = value.indexOf(path); at !== -1; at = value.indexOf(path, at + 1)) {
      let run = 0;
      const start = at + path.length;
      while (run < TOKEN_MIN_LENGTH && start + run < value.length && isTokenCharacter(value.charCodeAt(start + run))) run++;
      if (run >= TOKEN_MIN_LENGTH) return true;
    }
  }
  return false;
}
