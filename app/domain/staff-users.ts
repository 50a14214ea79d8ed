import { z } from "zod";
import { fieldMessage } from "./field-message";
import { hasControlCharacters } from "./header-text";
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
