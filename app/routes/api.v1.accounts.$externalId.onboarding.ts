import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { accountOnboardingForApi } from "../services/onboarding-progress.server";
import { ApiError, apiJson, authenticateApiRequest, handleApi, methodNotAllowed } from "../utils/api.server";

/**
 * GET /api/v1/accounts/:externalId/onboarding (scope onboarding:read) — the account's guide and
 * version, start, activation, whole-day TTV, progress (percent floored), each step's `doneAt` and
 * `doneBy` (a user step's first person to finish it) and whether it is stalled. `guide` is null
 * when none is assigned; an unknown account is a 404.
 */
export function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(() => {
    const { headers } = authenticateApiRequest(request, "onboarding:read");
    const progress = accountOnboardingForApi(params.externalId ?? "");
    if (!progress) throw new ApiError(404, "not_found", "No account has this external id.", headers);
    return apiJson(progress, 200, headers);
  });
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
