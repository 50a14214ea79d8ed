import type { Language } from "../locales";
import { JAPAN_ZONE } from "./japan-holidays";

/*
 * Which language Kizuna writes to its own staff in when no browser is there to ask: emails
 * (detractor alerts, the admin digest, promoter-reference notices) and Slack posts.
 */

/** The team's language when nobody chose one: Japanese for a team on Tokyo time, else English. */
export function teamDefaultLanguage(timeZone: string): Language {
  return timeZone === JAPAN_ZONE ? "ja" : "en";
}

/**
 * A staff email's language: the recipient's own (`users.locale`, set at their first sign-in and
 * changed in the console header or their profile); someone who never signed in gets the team's.
 */
export function staffEmailLanguage(locale: Language | null | undefined, teamTimeZone: string): Language {
  return locale ?? teamDefaultLanguage(teamTimeZone);
}
