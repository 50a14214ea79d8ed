import { progressOf, type GuideStep, type Progress } from "../domain/guides";
import { personKey } from "../domain/usage-events";
import { versionSteps } from "../models/guide.server";
import { accountCompletionsOf, accountIdByExternalId, enrolmentViewOfAccount, personCompletionsOf, type EnrolmentView } from "../models/onboarding-view.server";
import { findContactByEmail } from "../models/contact.server";
import { renderMarkdown } from "../utils/markdown.server";
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

export type ChecklistStep = {
  key: string;
  position: number;
  title: string;
  scope: "user" | "account";
  how: "manual" | "event" | "community";
  community: "joined" | "first_post" | "accepted_answer" | null;
  firstValue: boolean;
  doneAt: number | null;
  /** Who did it: "you", a teammate's name or address, or "someone" (an event that named nobody we know); null when not done. */
  doneBy: { kind: "you" } | { kind: "teammate"; label: string } | { kind: "someone" } | null;
  isNext: boolean;
};

export type MemberChecklist = {
  guideName: string;
  progress: Progress;
  steps: ChecklistStep[];
  nextKey: string | null;
  activatedAt: number | null;
  firstValueTitle: string | null;
};

/**
 * The member's checklist in the portal: the account's guide in the member's language, account
 * steps with who did them and when, user steps as this member did them, the next step; null when
 * the account has no guide.
 */
export function memberChecklist(contact: { email: string; accountId: number }, language: "en" | "ja"): MemberChecklist | null {
  const view = personOnboardingView(contact.accountId, contact.email);
  if (!view) return null;
  const steps = view.steps.map((state, index): ChecklistStep => {
    const rule = state.step.doneWhen;
    const doneBy: ChecklistStep["doneBy"] =
      state.doneAt === null
        ? null
        : state.doneBy === contact.email
          ? { kind: "you" }
          : state.doneByName || state.doneBy
            ? { kind: "teammate", label: state.doneByName || state.doneBy! }
            : { kind: "someone" };
    return {
      key: state.step.key,
      position: index + 1,
      title: state.step.title[language],
      scope: state.step.scope,
      how: "manual" in rule ? "manual" : "community" in rule ? "community" : "event",
      community: "community" in rule ? rule.community : null,
      firstValue: state.step.firstValue === true,
      doneAt: state.doneAt,
      doneBy,
      isNext: state.step.key === view.nextKey,
    };
  });
  const firstValue = view.steps.find((state) => state.step.firstValue);
  return {
    guideName: language === "ja" ? view.enrolment.guideNameJa : view.enrolment.guideNameEn,
    progress: view.progress,
    steps,
    nextKey: view.nextKey,
    activatedAt: view.enrolment.activatedAt,
    firstValueTitle: firstValue ? firstValue.step.title[language] : null,
  };
}

/** One step's page: its place in the checklist, its Markdown body as safe HTML and its video; null when the step is not in the account's guide. */
export function memberChecklistStep(contact: { email: string; accountId: number }, stepKey: string, language: "en" | "ja") {
  const checklist = memberChecklist(contact, language);
  if (!checklist) return null;
  const step = checklist.steps.find((candidate) => candidate.key === stepKey);
  if (!step) return null;
  const enrolment = enrolmentViewOfAccount(contact.accountId)!;
  const stored = (versionSteps([enrolment.versionId]).get(enrolment.versionId) ?? []).find((candidate) => candidate.key === stepKey)!;
  const body = stored.body?.[language];
  return { checklist, step, bodyHtml: body ? renderMarkdown(body) : null, video: stored.video ?? null };
}
