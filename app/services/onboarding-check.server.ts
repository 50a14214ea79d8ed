import { onboardingCheckJob } from "../jobs/job-types.server";
import { transaction } from "../utils/db.server";
import { checkStalledOnboarding, type StallCheckResult } from "./check-stalled-onboarding.server";
import { sendOnboardingNudges, type NudgeResult } from "./send-onboarding-nudges.server";

const CHECK_EVERY_MS = 15 * 60_000;

/** Called by the worker's housekeeping: one onboarding check per quarter hour (a unique key per quarter). */
export function scheduleOnboardingCheck(now = Date.now()): number {
  const at = Math.floor(now / CHECK_EVERY_MS) * CHECK_EVERY_MS;
  return transaction((tx) => onboardingCheckJob.enqueue(tx, { at }, {}, now));
}

/** The stall check, then the nudges, both as of `now` (the job passes the clock; the CLI may pass another). */
export async function runOnboardingCheck(now: number): Promise<{ stall: StallCheckResult; nudges: NudgeResult }> {
  const stall = checkStalledOnboarding(now);
  const nudges = await sendOnboardingNudges(now);
  return { stall, nudges };
}
