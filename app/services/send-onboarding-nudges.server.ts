import type { GuideStep } from "../domain/guides";
import { LINK_SLOTS } from "../domain/email-links";
import { DAY_MS } from "../domain/days";
import { bodyTeaser, nextStepFor, nudgeDecision, ONBOARDING_EMAIL_SPACING_DAYS, NUDGE_WINDOW_DAYS } from "../domain/onboarding-nudges";
import { personKey } from "../domain/usage-events";
import { isOnDoNotContact } from "../models/do-not-contact.server";
import { versionSteps } from "../models/guide.server";
import { doneStepKeys } from "../models/guide-progress.server";
import {
  insertNudge,
  lastOnboardingEmailAt,
  nudgedSteps,
  nudgeRecipients,
  personProgress,
  rememberOnboardingToken,
  setNudgeOutbox,
  type NudgeRecipient,
} from "../models/onboarding-email.server";
import { guideDelays, recentlyQuietEnrolments, type QuietEnrolment } from "../models/onboarding-stall.server";
import { findSuppression } from "../models/suppression.server";
import { sha256 } from "../utils/crypto.server";
import { transaction } from "../utils/db.server";
import { onboardingUnsubscribeToken } from "../utils/email-links.server";
import { enqueueEmail, renderEmail } from "../utils/email.server";
import { env } from "../utils/env.server";
import { personHash } from "./record-usage-events.server";

export type NudgeSkip =
  | "unsubscribed"
  | "suppressed"
  | "do_not_contact"
  | "guide_finished"
  | "not_quiet_yet"
  | "already_nudged_for_step"
  | "too_soon_after_last_email"
  | "no_next_step";
export type NudgeResult = { enrolments: number; sent: number; skipped: Partial<Record<NudgeSkip, number>> };

/** Where an onboarding email's one-click unsubscribe goes: a slot the worker fills (decision 027). */
export const onboardingUnsubscribeUrl = () => `${env().APP_URL}/onboarding/unsubscribe/${LINK_SLOTS.onboardingUnsubscribe}`;
const stepUrl = (stepKey: string) => `${env().APP_URL}/portal/onboarding/${encodeURIComponent(stepKey)}`;

/**
 * Nudges (a step of the onboarding check): each person at an account whose guide has been quiet for
 * the guide's `nudgeAfterDays` gets one email about their own next step, in their language, through
 * the outbox — at most one per person and step (`onboarding_emails_step_idx`), none within three
 * days of another onboarding email to them, never to an address that is suppressed, on the
 * do-not-contact list or unsubscribed from onboarding email, never when the enrolment has nudges
 * off (an admin's enrolment is off unless chosen). Survey unsubscribes do not stop nudges: they
 * are separate mail. Only enrolments whose quiet time began within `NUDGE_WINDOW_DAYS` of being
 * due are read, so accounts quiet for months cost nothing on every run.
 */
export async function sendOnboardingNudges(now = Date.now()): Promise<NudgeResult> {
  const result: NudgeResult = { enrolments: 0, sent: 0, skipped: {} };
  const skip = (reason: NudgeSkip) => (result.skipped[reason] = (result.skipped[reason] ?? 0) + 1);
  const stepsByVersion = new Map<number, GuideStep[]>();
  for (const guide of guideDelays()) {
    const to = now - guide.nudgeAfterDays * DAY_MS;
    for (const enrolment of recentlyQuietEnrolments(guide.id, to - NUDGE_WINDOW_DAYS * DAY_MS, to)) {
      result.enrolments += 1;
      let steps = stepsByVersion.get(enrolment.versionId);
      if (!steps) stepsByVersion.set(enrolment.versionId, (steps = versionSteps([enrolment.versionId]).get(enrolment.versionId) ?? []));
      const accountDone = doneStepKeys(enrolment.id);
      for (const recipient of nudgeRecipients(enrolment.accountId)) {
        const outcome = await nudgeOne(enrolment, recipient, steps, accountDone, guide, now);
        if (outcome === "sent") result.sent += 1;
        else skip(outcome);
      }
    }
  }
  return result;
}

async function nudgeOne(
  enrolment: QuietEnrolment,
  recipient: NudgeRecipient,
  steps: readonly GuideStep[],
  accountDone: ReadonlySet<string>,
  guide: { nameEn: string; nameJa: string; nudgeAfterDays: number },
  now: number,
): Promise<"sent" | NudgeSkip> {
  if (recipient.stoppedAt !== null) return "unsubscribed";
  if (findSuppression(recipient.email)) return "suppressed";
  if (isOnDoNotContact(recipient.email)) return "do_not_contact";
  const person = personHash(personKey({ email: recipient.email, userId: null })!);
  const own = personProgress(enrolment.id, person);
  const next = nextStepFor(steps, accountDone, own.done);
  const decision = nudgeDecision(
    {
      enrolment,
      personLastDoneAt: own.lastDoneAt,
      nextStepKey: next?.key ?? null,
      nudgeAfterDays: guide.nudgeAfterDays,
      history: { lastOnboardingEmailAt: recipient.lastEmailAt, nudgedSteps: nudgedSteps(recipient.contactId, enrolment.id) },
    },
    now,
  );
  if (!decision.send) return decision.reason;
  const step = next!;
  const language = recipient.locale;
  // Rendering is async, so it happens before the transaction, which checks again what it relies on.
  const rendered = await renderEmail(
    "onboarding-nudge",
    {
      accountName: enrolment.accountName,
      guideName: language === "ja" ? guide.nameJa : guide.nameEn,
      stepTitle: step.title[language],
      teaser: bodyTeaser(step.body?.[language] ?? null),
      stepUrl: stepUrl(step.key),
      unsubscribeUrl: onboardingUnsubscribeUrl(),
    },
    language,
  );
  return transaction((tx) => {
    const last = lastOnboardingEmailAt(recipient.contactId, tx);
    if (last !== null && now - last < ONBOARDING_EMAIL_SPACING_DAYS * DAY_MS) return "too_soon_after_last_email";
    const nudgeId = insertNudge(tx, { contactId: recipient.contactId, enrolmentId: enrolment.id, stepKey: step.key, sentAt: now });
    if (nudgeId === null) return "already_nudged_for_step";
    rememberOnboardingToken(tx, recipient.contactId, sha256(onboardingUnsubscribeToken(recipient.contactId)));
    const outboxId = enqueueEmail(tx, {
      template: "onboarding-nudge",
      to: recipient.email,
      locale: language,
      contactId: recipient.contactId,
      ...rendered,
      headers: { "List-Unsubscribe": `<${onboardingUnsubscribeUrl()}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      tags: [{ name: "kind", value: "onboarding-nudge" }],
      links: { kind: "onboarding-unsubscribe", contactId: recipient.contactId },
    });
    setNudgeOutbox(tx, nudgeId, outboxId);
    return "sent" as const;
  });
}
