import { z } from "zod";
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
