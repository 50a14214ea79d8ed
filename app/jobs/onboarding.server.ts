import { advanceOnboarding } from "../services/advance-onboarding.server";
import { onboardingAdvanceJob } from "./job-types.server";

/** After usage events are recorded: tick off the account's onboarding steps they complete. */
onboardingAdvanceJob.handle((payload) => {
  advanceOnboarding(payload.accountId);
});
