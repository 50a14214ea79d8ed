import { caseReply } from "./case-reply";
import { communityCsmDigest, communityDigest, communityNotification, communityUnanswered } from "./community-notify";
import { adminDigest } from "./admin-digest";
import { detractorAlert } from "./detractor-alert";
import { detractorHelp } from "./detractor-help";
import { promoterCommunity, promoterReference, promoterReview } from "./promoter-asks";
import { magicLink } from "./magic-link";
import { communityJoin } from "./community-join";
import { npsInvitation, npsReminder } from "./nps-invitation";
import { meetupEmail } from "./meetup";
import { onboardingInvite } from "./onboarding-invite";
import { onboardingNudge } from "./onboarding-nudge";
import type { EmailDefinition } from "./types";

/**
 * Every email Kizuna sends, by template name. Adding a template is a file beside this one
 * (component + subject + preview props, see `defineEmail`) and one line here; strings go in
 * `app/locales/{en,ja}/email.ts`.
 */
export const emailTemplates = {
  "magic-link": magicLink,
  "nps-invitation": npsInvitation,
  "nps-reminder": npsReminder,
  "detractor-alert": detractorAlert,
  "detractor-help": detractorHelp,
  "promoter-community": promoterCommunity,
  "promoter-review": promoterReview,
  "promoter-reference": promoterReference,
  "admin-digest": adminDigest,
  "case-reply": caseReply,
  // community: joining by company domain
  "community-join": communityJoin,
  "community-notification": communityNotification,
  "community-digest": communityDigest,
  "community-csm-digest": communityCsmDigest,
  "community-unanswered": communityUnanswered,
  // meetups: user-group events
  meetup: meetupEmail,
  // onboarding: inviting a teammate from the checklist
  "onboarding-invite": onboardingInvite,
  // onboarding: a nudge about the next step of a quiet guide
  "onboarding-nudge": onboardingNudge,
} as const;

export type EmailTemplateName = keyof typeof emailTemplates;

export type EmailPropsOf<Name extends EmailTemplateName> = (typeof emailTemplates)[Name] extends EmailDefinition<infer Props> ? Props : never;

export function isEmailTemplateName(value: string): value is EmailTemplateName {
  return Object.hasOwn(emailTemplates, value);
}

export type { EmailChrome, EmailDefinition, EmailLocale, EmailT } from "./types";
