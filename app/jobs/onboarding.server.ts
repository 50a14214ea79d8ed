import { advanceOnboarding } from "../services/advance-onboarding.server";
import { runOnboardingCheck } from "../services/onboarding-check.server";
import { onboardingAdvanceJob, onboardingCheckJob } from "./job-types.server";

/** After usage events are recorded: tick off the account's onboarding steps they complete. */
onboardingAdvanceJob.handle((payload) => {
  advanceOnboarding(payload.accountId);
});

/** Every quarter hour: stalled accounts found (tasks, the stalled list), then nudge emails. */
onboardingCheckJob.handle(async () => {
  await runOnboardingCheck(Date.now());
});
