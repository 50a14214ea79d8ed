import { z } from "zod";

/** The onboarding settings form: whether stalled high-touch accounts get a task too (a checkbox, absent when off). */
export const OnboardingStallSettingsForm = z.object({
  highTouchTasks: z
    .literal("on")
    .optional()
    .transform((v) => v === "on"),
});
