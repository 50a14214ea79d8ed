import { enrolmentOfAccount, insertPersonCompletion } from "../models/guide-progress.server";
import { versionSteps } from "../models/guide.server";
import { transaction } from "../utils/db.server";
import { advanceOnboarding } from "./advance-onboarding.server";
import { personOfEmail } from "./onboarding-progress.server";

export type MarkStepResult = { ok: true; completed: string[]; activated: boolean } | { ok: false; reason: "no-guide" | "unknown-step" | "not-manual" };

/**
 * "Mark as done" on the member's checklist: records the member's manual tick for a manual step of
 * their account's guide, then runs the step engine for the account at once, so the page that
 * follows shows the step done (and, for an account step, done for the teammates too). Ticking
 * twice keeps the first tick. Only manual steps can be ticked: the others complete from usage.
 */
export function markOnboardingStepDone(contact: { id: number; email: string; accountId: number }, stepKey: string, now = Date.now()): MarkStepResult {
  const ticked = transaction((tx) => {
    const enrolment = enrolmentOfAccount(contact.accountId, tx);
    if (!enrolment) return { ok: false as const, reason: "no-guide" as const };
    const step = versionSteps([enrolment.versionId], tx)
      .get(enrolment.versionId)
      ?.find((candidate) => candidate.key === stepKey);
    if (!step) return { ok: false as const, reason: "unknown-step" as const };
    if (!("manual" in step.doneWhen)) return { ok: false as const, reason: "not-manual" as const };
    insertPersonCompletion(
      enrolment.id,
      { stepKey, person: personOfEmail(contact.email), contactId: contact.id, doneBy: contact.email, doneAt: now, source: "manual" },
      tx,
    );
    return { ok: true as const };
  });
  if (!ticked.ok) return ticked;
  const advanced = advanceOnboarding(contact.accountId, now);
  return { ok: true, completed: advanced.completed, activated: advanced.activatedAt !== null };
}
