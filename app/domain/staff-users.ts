import { z } from "zod";
import { fieldMessage } from "./field-message";
import { hasControlCharacters, ONE_LINE_MESSAGE } from "./header-text";
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
  email: z.string().trim().pipe(z.email("Enter a valid email address.")).transform(normalizeEmail),
  // The name reaches email subjects ("A reply to your feedback from …"): one line.
  name: z
    .string("Enter a name.")
    .trim()
    .min(1, "Enter a name.")
    .max(120, "Use at most 120 characters.")
    .refine((name) => !hasControlCharacters(name), `The name ${ONE_LINE_MESSAGE}.`),
  role: z.enum(ROLES, "Choose admin, csm or viewer."),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1024),
});
export type NewStaffUser = z.infer<typeof NewStaffUser>;

/** The console's sign-in form (`/cs/login`); where to go next is checked by the route (`safeRedirectPath`). */
export const StaffSignInForm = z.object({
  email: z.email(fieldMessage("signInEmail")),
  password: z.string(fieldMessage("signInPassword")).min(1, fieldMessage("signInPassword")).max(1024),
  redirectTo: z.string().optional(),
});

/** The console's "Add user" form (`/cs/users`): pasted addresses often carry spaces, so trim before `NewStaffUser`'s own check. */
export const CreateUserForm = NewStaffUser.extend({
  email: z.string("Enter a valid email address.").trim().pipe(z.email("Enter a valid email address.")),
  password: z.string(`Use at least ${MIN_PASSWORD_LENGTH} characters.`).min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1024),
});

/* A user's page (`/cs/users/:id`): three forms told apart by `intent`. */
export const UserRoleForm = z.object({ intent: z.literal("role"), role: z.enum(ROLES, "Choose admin, csm or viewer.") });
export const UserAccessForm = z.object({ intent: z.literal("access"), disabled: z.enum(["true", "false"]).transform((v) => v === "true") });
export const UserPasswordForm = z
  .object({
    intent: z.literal("password"),
    password: z.string("Enter a new password.").min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(1024),
    confirm: z.string("Type the password again."),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords do not match." });
