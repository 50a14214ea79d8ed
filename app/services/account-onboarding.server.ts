import { progressOf } from "../domain/guides";
import { wholeDaysSince } from "../domain/onboarding-metrics";
import { accountEnrolment, enrolmentCompletionDetail, versionStepTitles } from "../models/onboarding-console.server";

/**
 * The account 360's onboarding section: the account's guide and version, progress, TTV (or days
 * since the start against the target), the stalled flag, and per step who did it when — the
 * account-level fact and each person's own. Four indexed reads for one account.
 */
export function accountOnboarding(accountId: number, now = Date.now()) {
  const enrolment = accountEnrolment(accountId);
  if (!enrolment) return null;
  const steps = versionStepTitles([enrolment.versionId]).get(enrolment.versionId) ?? [];
  const detail = enrolmentCompletionDetail(enrolment.id);
  const done = new Map(detail.steps.map((step) => [step.stepKey, step]));
  const sinceStart = wholeDaysSince(Date.parse(`${enrolment.startedAt}T00:00:00Z`), now);
  return {
    ...enrolment,
    progress: progressOf(enrolment.doneSteps, enrolment.stepCount),
    daysSinceStart: enrolment.activatedAt === null ? sinceStart : null,
    overTarget: enrolment.targetDays !== null && (enrolment.ttvDays ?? (enrolment.activatedAt === null ? sinceStart : 0)) > enrolment.targetDays,
    steps: steps.map((step) => ({
      ...step,
      done: done.get(step.key) ?? null,
      people: detail.people.filter((person) => person.stepKey === step.key),
    })),
  };
}

export type AccountOnboarding = NonNullable<ReturnType<typeof accountOnboarding>>;
