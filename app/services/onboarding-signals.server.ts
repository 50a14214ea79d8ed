import { progressOf, type Progress } from "../domain/guides";
import { wholeDaysSince } from "../domain/onboarding-metrics";
import { addDays } from "../domain/rows";
import { accountsSeats, activeUsersOf, eventCountsOf, signalEnrolments, versionEventTypes } from "../models/onboarding-signals.server";
import { teamToday } from "../models/settings.server";

/**
 * The onboarding inputs a health score reads for an account (issue 15 point 7), typed and current:
 * read from the enrolment row and the usage day rollups, never from raw events. A figure whose data
 * does not exist is null (no guide: no progress; no seats: no utilisation), never 0, so a score can
 * show it as missing and re-weight (DESIGN rule 12).
 */
export type OnboardingSignals = {
  accountId: number;
  guide: { key: string; version: number; targetDays: number | null } | null;
  progress: Progress | null;
  activated: boolean;
  activatedAt: number | null;
  timeToValueDays: number | null;
  /** Whole days since the start date while not activated (what a score compares with the TTV target). */
  daysSinceStart: number | null;
  /** Whole days since the last step was done (since the start when none was). */
  daysSinceLastProgress: number | null;
  stalled: boolean;
  /** Distinct people with events over the last 7 and 30 team-calendar days (today included). */
  activeUsers7: number;
  activeUsers30: number;
  seats: number | null;
  /** Active users (30 days) over seats; null without seats. May exceed 1 (more people than licensed). */
  seatUtilisation: number | null;
  /** Events of the guide's event types over the last 30 days, every type listed (0 when none). */
  keyEvents30: Record<string, number>;
};

/** The signals of many accounts at once (a handful of indexed queries whatever the count); unknown ids are left out. */
export function onboardingSignalsOf(accountIds: readonly number[], now = Date.now()): Map<number, OnboardingSignals> {
  const result = new Map<number, OnboardingSignals>();
  if (accountIds.length === 0) return result;
  const seats = accountsSeats(accountIds);
  const known = [...seats.keys()];
  if (known.length === 0) return result;
  const today = teamToday(now);
  const from7 = addDays(today, -6);
  const from30 = addDays(today, -29);
  const enrolments = new Map(signalEnrolments(known).map((row) => [row.accountId, row]));
  const eventTypes = versionEventTypes([...enrolments.values()].map((row) => row.versionId));
  const active = activeUsersOf(known, from7, from30, today);
  const events = eventCountsOf(known, from30, today);
  for (const accountId of known) {
    const enrolment = enrolments.get(accountId);
    const users = active.get(accountId) ?? { d7: 0, d30: 0 };
    const accountSeats = seats.get(accountId) ?? null;
    const counts = events.get(accountId);
    const types = enrolment ? (eventTypes.get(enrolment.versionId) ?? []) : [];
    const startMs = enrolment ? Date.parse(`${enrolment.startedAt}T00:00:00Z`) : 0;
    result.set(accountId, {
      accountId,
      guide: enrolment ? { key: enrolment.guideKey, version: enrolment.version, targetDays: enrolment.targetDays } : null,
      progress: enrolment ? progressOf(enrolment.doneSteps, enrolment.stepCount) : null,
      activated: enrolment?.activatedAt != null,
      activatedAt: enrolment?.activatedAt ?? null,
      timeToValueDays: enrolment?.ttvDays ?? null,
      daysSinceStart: enrolment && enrolment.activatedAt === null ? wholeDaysSince(startMs, now) : null,
      daysSinceLastProgress: enrolment ? wholeDaysSince(enrolment.lastProgressAt ?? startMs, now) : null,
      stalled: enrolment?.stalledAt != null,
      activeUsers7: users.d7,
      activeUsers30: users.d30,
      seats: accountSeats,
      seatUtilisation: accountSeats && accountSeats > 0 ? users.d30 / accountSeats : null,
      keyEvents30: Object.fromEntries(types.map((type) => [type, counts?.get(type) ?? 0])),
    });
  }
  return result;
}

/** One account's signals; undefined for an unknown account. */
export function onboardingSignals(accountId: number, now = Date.now()): OnboardingSignals | undefined {
  return onboardingSignalsOf([accountId], now).get(accountId);
}
