import { DAY_MS } from "./days";
import { startOfDate } from "./guides";
import type { Segment } from "./segments";

/*
 * When an onboarding guide stops moving (issue 15, decision 053): the stall rule, what a stalled
 * account gets by its touch model, and the spacing of nudge emails. Pure: times are epoch ms and
 * `now` is always passed in, so tests and the e2e run on an injected clock.
 */

/** The kinds of task the console's queue holds (the same list as `db/schema/console.ts`'s `TASK_KINDS`). */
export const TASK_KINDS = ["follow_up", "onboarding_stalled", "risk", "expansion"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** An enrolment as the stall rule and the nudges read it. */
export type EnrolmentClock = {
  /** The account's start date, `YYYY-MM-DD`. */
  startedAt: string;
  lastProgressAt: number | null;
  doneSteps: number;
  stepCount: number;
};

/** Since when the guide has not moved: its last progress, or the start of its start date when nothing was done yet. */
export function quietSince(enrolment: Pick<EnrolmentClock, "startedAt" | "lastProgressAt">): number {
  return enrolment.lastProgressAt ?? startOfDate(enrolment.startedAt);
}

export function isGuideFinished(enrolment: Pick<EnrolmentClock, "doneSteps" | "stepCount">): boolean {
  return enrolment.doneSteps >= enrolment.stepCount;
}

/**
 * Stalled: the guide is not finished and has not moved for `stallAfterDays` whole days (exactly
 * that long counts). An account that starts in the future has not stalled.
 */
export function isStalled(enrolment: EnrolmentClock, stallAfterDays: number, now: number): boolean {
  if (isGuideFinished(enrolment)) return false;
  return now - quietSince(enrolment) >= stallAfterDays * DAY_MS;
}

/** The newest `last_progress_at` an account can have and still count as stalled at `now`. */
export function stallCutoff(stallAfterDays: number, now: number): number {
  return now - stallAfterDays * DAY_MS;
}

export type StallOutcome = "task" | "pooled" | "left_to_csm";

/**
 * What a newly stalled account gets, by its touch model: low touch a task for its CSM; tech touch
 * only the pooled stalled list (nobody owns those accounts); high touch nothing, its CSM already
 * watches it, unless the team chose tasks for them too. Every stalled account is in the stalled
 * list whatever happens here (`stalled_at`).
 */
export function stallOutcome(segment: Segment, settings: { highTouchTasks: boolean }): StallOutcome {
  if (segment === "low") return "task";
  if (segment === "high") return settings.highTouchTasks ? "task" : "left_to_csm";
  return "pooled";
}

/**
 * A nudge is about a recent pause: an account quiet for longer than its nudge delay plus this many
 * days is no longer read by the nudges (its people were nudged then, or could not be); the stalled
 * list and the CS team take it from there.
 */
export const NUDGE_WINDOW_DAYS = 30;

/** At most one onboarding email to a person in this many days. */
export const ONBOARDING_EMAIL_SPACING_DAYS = 3;

export type NudgeHistory = {
  /** When the person was last sent any onboarding email (a nudge or another), or null. */
  lastOnboardingEmailAt: number | null;
  /** The step keys this person was already nudged about in this enrolment. */
  nudgedSteps: ReadonlySet<string>;
};

export type NudgeDecision =
  { send: true } | { send: false; reason: "guide_finished" | "not_quiet_yet" | "already_nudged_for_step" | "too_soon_after_last_email" | "no_next_step" };

/**
 * Whether a person gets a nudge about `nextStepKey` now: their guide has been quiet for the guide's
 * `nudgeAfterDays` (measured from the later of the account's last progress, or its start, and the
 * person's own last step), they were never nudged about that step, and no onboarding email reached
 * them in the last three days. Who may be emailed at all (suppressed, unsubscribed, nudges off) is
 * decided before this.
 */
export function nudgeDecision(
  input: { enrolment: EnrolmentClock; personLastDoneAt: number | null; nextStepKey: string | null; nudgeAfterDays: number; history: NudgeHistory },
  now: number,
): NudgeDecision {
  if (isGuideFinished(input.enrolment)) return { send: false, reason: "guide_finished" };
  if (input.nextStepKey === null) return { send: false, reason: "no_next_step" };
  const quiet = Math.max(quietSince(input.enrolment), input.personLastDoneAt ?? 0);
  if (now - quiet < input.nudgeAfterDays * DAY_MS) return { send: false, reason: "not_quiet_yet" };
  if (input.history.nudgedSteps.has(input.nextStepKey)) return { send: false, reason: "already_nudged_for_step" };
  const last = input.history.lastOnboardingEmailAt;
  if (last !== null && now - last < ONBOARDING_EMAIL_SPACING_DAYS * DAY_MS) return { send: false, reason: "too_soon_after_last_email" };
  return { send: true };
}

/**
 * A person's next step: the first step, in the guide's order, not yet done for them — an account
 * step not done by anyone, a user step not done by this person.
 */
export function nextStepFor<S extends { key: string; scope: "user" | "account" }>(
  steps: readonly S[],
  accountDone: ReadonlySet<string>,
  personDone: ReadonlySet<string>,
): S | null {
  for (const step of steps) {
    if (step.scope === "account" ? !accountDone.has(step.key) : !personDone.has(step.key)) return step;
  }
  return null;
}

/** The first line of a step's Markdown body, as plain text for an email (markup and links dropped), or null. */
export function bodyTeaser(markdown: string | null, maxLength = 200): string | null {
  if (!markdown) return null;
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw
      .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/, "")
      .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/[*_`~]+/g, "")
      .trim();
    if (line === "") continue;
    return line.length > maxLength ? `${line.slice(0, maxLength - 1).trimEnd()}…` : line;
  }
  return null;
}
