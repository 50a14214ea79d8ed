import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";

/**
 * The schemas of the customer-facing forms (sign-in, the answer page's follow-ups, unsubscribe).
 * These pages validate on the server only: a `.server` module never reaches the browser bundle,
 * so zod stays out of the pages a customer opens from an email (P5, page weight). Console forms
 * keep their schemas in `app/domain` and may validate in the browser too.
 */

/** `/login`: messages are translation keys, worded by the page in the reader's language. */
export const LoginForm = z.object({
  email: z.string("login.errors.email").trim().max(320, "login.errors.email").pipe(z.email("login.errors.email")),
  redirectTo: z.string().max(2048).optional(),
});

export function parseLoginForm(formData: FormData) {
  return parseWithZod(formData, { schema: LoginForm });
}

/** `/login/:token`: the button that spends the sign-in link. */
export const ContinueForm = z.object({ redirectTo: z.string().max(2048).optional() });

/** `/login/join/:token`: the button that spends a join link, with the name the person goes by (optional). */
export const JoinForm = z.object({
  name: z.string().trim().max(120, "join.nameTooLong").optional(),
  redirectTo: z.string().max(2048).optional(),
});

/** `/s/:token/thanks`: a promoter's yes or no to being a reference or being contacted. */
export const ConsentForm = z.object({ consent: z.enum(["reference", "contact"]), value: z.enum(["yes", "no"]) });

/** `/u/:token`: the unsubscribe page's two buttons. */
export const UnsubscribePageForm = z.object({ action: z.enum(["unsubscribe", "resubscribe"]) });

/** `/portal/survey/:invitationId`. */
export const PortalSurveyParams = z.object({ invitationId: z.coerce.number().int().positive() });
