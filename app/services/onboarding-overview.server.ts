import { activationShares, cohortRange, funnelOf, ttvByCohort, wholeDaysSince, type OnboardingFilters } from "../domain/onboarding-metrics";
import { todayIso } from "../domain/rows";
import { listGuideVersions } from "../models/guide.server";
import {
  countEnrolments,
  doneKeysOf,
  enrolmentTallies,
  listGuideChoices,
  stalledEnrolments,
  stepDoneCounts,
  versionStepTitles,
  type EnrolmentScope,
} from "../models/onboarding-console.server";
import { assertCan, type Actor } from "./actor.server";

export const STALLED_LIST_LIMIT = 100;

/**
 * `/cs/onboarding`: the funnel by step with drop-off, TTV median and p75 per start-month cohort,
 * activation within 30/60/90 days and the stalled accounts by money at stake, for one guide and the
 * chosen version, segment and cohort (decision 054). Every figure reads enrolments and completions
 * by index; none reads usage events.
 */
export function onboardingOverview(actor: Actor, filters: OnboardingFilters, now = Date.now()) {
  assertCan(actor, "read:guide:any");
  const guides = listGuideChoices();
  const guide = filters.guide !== undefined ? guides.find((entry) => entry.id === filters.guide) : guides.find((entry) => entry.status === "published");
  if (!guide || guide.currentVersionId === null) return { guides, guide: null };
  const versions = listGuideVersions(guide.id);
  const version = filters.version !== undefined ? versions.find((entry) => entry.version === filters.version) : undefined;
  if (filters.version !== undefined && !version) return { guides, guide, versions, unknownVersion: true as const };
  const range: { from?: string; to?: string } = filters.cohort ? cohortRange(filters.cohort) : {};
  const scope: EnrolmentScope = { guideId: guide.id, versionId: version?.id, segment: filters.segment, ...range };
  // The cohort figures read the whole guide (every cohort) in the chosen version and segment: the trend is across cohorts.
  const trendScope: EnrolmentScope = { guideId: guide.id, versionId: version?.id, segment: filters.segment };

  const stepsVersionId = version?.id ?? guide.currentVersionId;
  const steps = versionStepTitles([stepsVersionId]).get(stepsVersionId) ?? [];
  const enrolled = countEnrolments(scope);
  const funnel = funnelOf(
    enrolled,
    steps.map((step) => step.key),
    stepDoneCounts(scope),
  ).map((entry, index) => ({ ...entry, titleEn: steps[index].titleEn, titleJa: steps[index].titleJa }));

  const trendTallies = enrolmentTallies(trendScope);
  const cohorts = ttvByCohort(trendTallies);
  const tallies = filters.cohort ? trendTallies.filter((tally) => tally.startedAt >= range.from! && tally.startedAt < range.to!) : trendTallies;
  const activation = activationShares(tallies, todayIso(new Date(now)));

  const stalled = stalledEnrolments(scope, STALLED_LIST_LIMIT);
  const doneKeys = doneKeysOf(stalled.rows.map((row) => row.enrolmentId));
  const stepTitles = versionStepTitles(stalled.rows.map((row) => row.versionId));
  const stalledRows = stalled.rows.map((row) => {
    const done = doneKeys.get(row.enrolmentId) ?? new Set<string>();
    const next = (stepTitles.get(row.versionId) ?? []).find((step) => !done.has(step.key)) ?? null;
    return { ...row, stalledOn: next, daysStalled: wholeDaysSince(row.lastProgressAt ?? Date.parse(`${row.startedAt}T00:00:00Z`), now) };
  });

  return {
    guides,
    guide,
    versions,
    enrolled,
    funnel,
    cohorts,
    activation,
    stalled: { rows: stalledRows, total: stalled.total },
  };
}
