import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ServiceError } from "../domain/service-error";
import { fileIdeaRequestFromApi } from "../services/idea-requests.server";
import { ApiError, apiErrorOf, apiJson, authenticateApiRequest, handleApi, methodNotAllowed, readJsonBody } from "../utils/api.server";

const ERROR_CODES = { 400: "invalid_request", 404: "not_found", 422: "unknown_reference" };

/**
 * POST /api/v1/ideas/:id/requests (scope ideas:write) — `{"accountExternalId","contactEmail"?,"quote"?,
 * "importance"?: "nice"|"important"|"critical"}` → 201 `{"id"}`: a CRM or support tool files a request
 * it heard on behalf of an account. An unknown account, or a contact not of that account, is a 422.
 */
export function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  return handleApi(async () => {
    const { key, headers } = authenticateApiRequest(request, "ideas:write");
    const id = params.id && /^[1-9]\d{0,14}$/.test(params.id) ? Number(params.id) : null;
    if (id === null) throw new ApiError(404, "not_found", "No idea has this id.", headers);
    const body = await readJsonBody(request, headers);
    try {
      const created = fileIdeaRequestFromApi(key.id, id, body);
      return apiJson(created, 201, headers);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      const refused = apiErrorOf(error, ERROR_CODES, headers);
      throw error.field ? new ApiError(refused.status, refused.code, `${error.field}: ${error.message}`, headers) : refused;
    }
  });
}

export function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, ["POST"]);
}
