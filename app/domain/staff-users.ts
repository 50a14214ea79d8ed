import { z } from "zod";
import { fieldMessage } from "./field-message";
import { hasControlCharacters } from "./header-text";
import { LANGUAGES } from "../locales";
import { ROLES } from "./permissions";

/*
 * What a console user's form accepts. Here rather than in the services that use it: the pages
 * show the same limits and extend the same schema in the browser, where `.server` modules are empty.
 */

export const MIN_PASSWORD_LENGTH = 12;

/** Emails compare case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export const NewStaffUser = z.object({
  email: z
    .string(fieldMessage("userEmail"))
    .trim()
    .pipe(z.email(fieldMessage("userEmail")))
    .transform(normalizeEmail),
  // The name reaches email subjects ("A reply to your feedback from …"): one line.
  name: z
    .string(fieldMessage("userName"))
    .trim()
    .min(1, fieldMessage("userName"))
    .max(120, fieldMessage("userNameTooLong", { max: 120 }))
    .refine((name) => !hasControlCharacters(name), fieldMessage("userNameOneLine")),
  role: z.enum(ROLES, fieldMessage("userRole")),
  password: NewPassword(),
});

/** A new password, as every form that sets one checks it (messages are codes; see field-message). */
export function NewPassword(missing = fieldMessage("passwordTooShort", { min: MIN_PASSWORD_LENGTH })) {
  return z
    .string(missing)
    .min(MIN_PASSWORD_LENGTH, fieldMessage("passwordTooShort", { min: MIN_PASSWORD_LENGTH }))
    .max(1024, fieldMessage("passwordTooLong", { max: 1024 }));
}
export type NewStaffUser = z.infer<typeof NewStaffUser>;

/** The console's sign-in form (`/cs/login`); where to go next is checked by the route (`safeRedirectPath`). */
export const StaffSignInForm = z.object({
  email: z.email(fieldMessage("signInEmail")),
  password: z.string(fieldMessage("signInPassword")).min(1, fieldMessage("signInPassword")).max(1024),
  redirectTo: z.string().optional(),
});

/** The console's "Add user" form (`/cs/users`): pasted addresses often carry spaces, so trim before `NewStaffUser`'s own (stricter) check. */
export const CreateUserForm = NewStaffUser.extend({
  email: z
    .string(fieldMessage("userEmail"))
    .trim()
    .pipe(z.email(fieldMessage("userEmail"))),
  password: NewPassword(),
});

/* A user's page (`/cs/users/:id`): three forms told apart by `intent`. */
export const UserRoleForm = z.object({ intent: z.literal("role"), role: z.enum(ROLES, fieldMessage("userRole")) });
export const UserAccessForm = z.object({ intent: z.literal("access"), disabled: z.enum(["true", "false"]).transform((v) => v === "true") });
export const UserPasswordForm = z
  .object({
    intent: z.literal("password"),
    password: NewPassword(fieldMessage("passwordEnter")),
    confirm: z.string(fieldMessage("passwordConfirm")),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: fieldMessage("passwordMismatch") });

/* One's own profile (`/cs/profile`): the console's language, and one's password. */
export const ProfileLanguageForm = z.object({ intent: z.literal("language"), locale: z.enum(LANGUAGES, fieldMessage("profileLanguage")) });
export const ProfilePasswordForm = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string(fieldMessage("passwordCurrent")).max(1024),
    password: NewPassword(fieldMessage("passwordEnter")),
    confirm: z.string(fieldMessage("passwordConfirm")),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: fieldMessage("passwordMismatch") });
