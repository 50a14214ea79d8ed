import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiBulkUpsert } from "../services/api-upsert.server";
import { authenticateApiRequest, handleApi, methodNotAllowed, readJsonBody } from "../utils/api.server";

/** PUT /api/v1/accounts — bulk upsert by external id (scope accounts:write). */
export function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, ["PUT"]);
}

export function action({ request }: ActionFunctionArgs) {
  if (request.method !== "PUT") return methodNotAllowed(request, ["PUT"]);
  return handleApi(async () => {
    const { key, headers } = authenticateApiRequest(request, "accounts:write");
    const body = await readJsonBody(request, headers);
    return apiBulkUpsert("accounts", key, body, headers);
  });
}
