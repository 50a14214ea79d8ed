import { z } from "zod";

/** The portal checklist's forms (`/portal/onboarding` and a step's page), told apart by `intent`. */
export const MarkStepForm = z.object({
  intent: z.literal("done"),
  step: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
});

export const InviteTeammateForm = z.object({
  intent: z.literal("invite"),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
});

export const ChecklistForm = z.discriminatedUnion("intent", [MarkStepForm, InviteTeammateForm]);
export type ChecklistForm = z.infer<typeof ChecklistForm>;

/** A step key from the URL: the same spelling guides use (decision 049). */
export const StepKeyParam = z.object({ stepKey: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/) });
