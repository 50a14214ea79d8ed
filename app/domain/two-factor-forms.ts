import { z } from "zod";
import { fieldMessage } from "./field-message";

/* The forms of two-factor sign-in and its setup (docs/decisions/044), shared by the routes and the browser. */

const code = z.string(fieldMessage("twoFactorCode")).trim().min(1, fieldMessage("twoFactorCode")).max(64, fieldMessage("twoFactorCode"));

/** The second step of sign-in (`/cs/login/code`): a 6-digit code or a recovery code. */
export const SecondFactorForm = z.object({ code, redirectTo: z.string().max(2048).optional() });

/** The setup page (`/cs/two-factor`): begin (a new key), or confirm the key with a code from the app. */
export const TwoFactorStartForm = z.object({ intent: z.literal("start") });
export const TwoFactorConfirmForm = z.object({
  intent: z.literal("confirm"),
  code: z
    .string(fieldMessage("twoFactorWrongCode"))
    .trim()
    .regex(/^\d{3} ?\d{3}$/, fieldMessage("twoFactorWrongCode")),
});

/** The setup page, once on: new recovery codes, proved with a current code from the app. */
export const RecoveryCodesForm = z.object({
  intent: z.literal("recovery"),
  code: z
    .string(fieldMessage("twoFactorWrongCode"))
    .trim()
    .regex(/^\d{3} ?\d{3}$/, fieldMessage("twoFactorWrongCode")),
});

/** The sign-in settings (`/cs/settings/sign-in`): a checkbox, sent as "on" or not at all. */
export const StaffSignInSettingsForm = z.object({
  requireTwoFactorForAdmins: z
    .literal("on")
    .optional()
    .transform((v) => v === "on"),
});
