import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { personOnboardingForApi } from "../services/onboarding-progress.server";
import { ApiError, apiJson, authenticateApiRequest, handleApi, methodNotAllowed } from "../utils/api.server";
import { parseApiQuery } from "../utils/api-query.server";
import { env } from "../utils/env.server";

const Query = z.strictObject({
  email: z.string({ error: "required: ?email=name@example.com" }).trim().toLowerCase().pipe(z.email("use an email address like name@example.com")),
});

/**
 * GET /api/v1/onboarding?email= (scope onboarding:read) — one person's own onboarding progress:
 * the account's guide, account steps as the account has them and user steps as this person did
 * them, each with its title and the portal page to link to, so the product can show the checklist
 * inside itself. An address that is not a contact is a 404; `guide` is null when the account has none.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(() => {
    const { headers } = authenticateApiRequest(request, "onboarding:read");
    const query = parseApiQuery(Query, request, headers, "?email=");
    const progress = personOnboardingForApi(query.email, env().APP_URL);
    if (!progress) throw new ApiError(404, "not_found", "No contact has this email address.", headers);
    return apiJson(progress, 200, headers);
  });
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
