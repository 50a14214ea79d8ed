import { progressOf, type GuideStep, type Progress } from "../domain/guides";
import { personKey } from "../domain/usage-events";
import { versionSteps } from "../models/guide.server";
import { accountCompletionsOf, accountIdByExternalId, enrolmentViewOfAccount, personCompletionsOf, type EnrolmentView } from "../models/onboarding-view.server";
import { findContactByEmail } from "../models/contact.server";
import { personHash } from "./record-usage-events.server";

/**
 * Reading onboarding progress (decision 052): the account's (the API's
 * `GET /api/v1/accounts/:externalId/onboarding`) and one person's own (`GET /api/v1/onboarding?email=`,
 * and the member's checklist in the portal). Reads only: nothing here changes state.
 */

export type StepState = {
  step: GuideStep;
  /** Done for this view: account steps as the account has them, user steps as the person (or, for the account view, the first person). */
  doneAt: number | null;
  doneBy: string | null;
  doneByName: string | null;
};

export type OnboardingView = {
  enrolment: EnrolmentView;
  steps: StepState[];
  progress: Progress;
  /** The first step not done yet, in order; null when every step is done. */
  nextKey: string | null;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The person key under which usage events, ticks and completions count an address. */
export function personOfEmail(email: string): number {
  return personHash(personKey({ email, userId: null })!);
}

function viewOf(enrolment: EnrolmentView, personEmail: string | null): OnboardingView {
  const steps = versionSteps([enrolment.versionId]).get(enrolment.versionId) ?? [];
  const account = accountCompletionsOf(enrolment.id);
  const own = personEmail === null ? null : personCompletionsOf(enrolment.id, personOfEmail(personEmail));
  const states = steps.map((step): StepState => {
    if (own && step.scope === "user") {
      const mine = own.get(step.key);
      return { step, doneAt: mine?.doneAt ?? null, doneBy: mine ? personEmail : null, doneByName: null };
    }
    const done = account.get(step.key);
    return { step, doneAt: done?.doneAt ?? null, doneBy: done?.doneBy ?? null, doneByName: done?.doneByName ?? null };
  });
  const done = states.filter((state) => state.doneAt !== null).length;
  return { enrolment, steps: states, progress: progressOf(done, states.length), nextKey: states.find((state) => state.doneAt === null)?.step.key ?? null };
}

export function accountOnboardingView(accountId: number): OnboardingView | null {
  const enrolment = enrolmentViewOfAccount(accountId);
  return enrolment ? viewOf(enrolment, null) : null;
}

/** One person's checklist: the account's guide, with user steps as that person did them. */
export function personOnboardingView(accountId: number, email: string): OnboardingView | null {
  const enrolment = enrolmentViewOfAccount(accountId);
  return enrolment ? viewOf(enrolment, email) : null;
}

function apiShape(view: OnboardingView | null) {
  if (!view) return { guide: null, startedAt: null, activatedAt: null, timeToValueDays: null, progress: progressOf(0, 0), steps: [], stalled: false };
  const { enrolment } = view;
  return {
    guide: { key: enrolment.guideKey, version: enrolment.version },
    startedAt: enrolment.startedAt,
    activatedAt: iso(enrolment.activatedAt),
    timeToValueDays: enrolment.ttvDays,
    progress: view.progress,
    steps: view.steps.map((state) => ({ key: state.step.key, scope: state.step.scope, doneAt: iso(state.doneAt), doneBy: state.doneBy })),
    stalled: enrolment.stalledAt !== null,
  };
}

/** `GET /api/v1/accounts/:externalId/onboarding`; null for an account Kizuna does not have. */
export function accountOnboardingForApi(externalId: string) {
  const accountId = accountIdByExternalId(externalId);
  if (accountId === undefined) return null;
  return apiShape(accountOnboardingView(accountId));
}

/**
 * `GET /api/v1/onboarding?email=`: one contact's own progress, each step with its title and the
 * portal page a product can link to; null for an address that is not a contact.
 */
export function personOnboardingForApi(email: string, appUrl: string) {
  const contact = findContactByEmail(email);
  if (!contact) return null;
  const view = personOnboardingView(contact.accountId, contact.email);
  const shape = apiShape(view);
  return {
    email: contact.email,
    ...shape,
    steps: shape.steps.map((step, index) => ({
      ...step,
      title: view!.steps[index].step.title,
      url: `${appUrl}/portal/onboarding/${encodeURIComponent(step.key)}`,
    })),
  };
}
