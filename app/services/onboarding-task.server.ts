import { nextStepFor } from "../domain/onboarding-nudges";
import { findTaskEnrolment } from "../models/case.server";
import { versionSteps } from "../models/guide.server";
import { doneStepKeys } from "../models/guide-progress.server";

export type OnboardingTaskFacts = {
  guideName: { en: string; ja: string };
  version: number;
  startedAt: string;
  done: number;
  total: number;
  lastProgressAt: number | null;
  stalledAt: number | null;
  activatedAt: number | null;
  /** The step the account stands at: the first one, in order, nobody at the account has done; null once all are. */
  stalledOn: { key: string; title: { en: string; ja: string } } | null;
};

/** What an onboarding task's page shows about its account's guide: which guide, how far, and the step it stopped at. */
export function onboardingTaskFacts(enrolmentId: number): OnboardingTaskFacts | null {
  const enrolment = findTaskEnrolment(enrolmentId);
  if (!enrolment) return null;
  const steps = versionSteps([enrolment.versionId]).get(enrolment.versionId) ?? [];
  const done = doneStepKeys(enrolment.id);
  // Account level: the step nobody did yet (a user step is done for the account once its first person did it).
  const next = nextStepFor(
    steps.map((step) => ({ ...step, scope: "account" as const })),
    done,
    done,
  );
  return {
    guideName: { en: enrolment.guideNameEn, ja: enrolment.guideNameJa },
    version: enrolment.version,
    startedAt: enrolment.startedAt,
    done: enrolment.doneSteps,
    total: enrolment.stepCount,
    lastProgressAt: enrolment.lastProgressAt,
    stalledAt: enrolment.stalledAt,
    activatedAt: enrolment.activatedAt,
    stalledOn: next ? { key: next.key, title: next.title } : null,
  };
}
