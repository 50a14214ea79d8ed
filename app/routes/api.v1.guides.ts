import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { exportGuides, publishGuides } from "../services/publish-guides.server";
import { ApiError, apiJson, authenticateApiRequest, handleApi, methodNotAllowed, readJsonBody } from "../utils/api.server";

/**
 * GET /api/v1/guides (scope guides:read) — the published guides, each with its current version's
 * steps, in the shape PUT takes, so a team can keep them in version control.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(() => {
    const { key, headers } = authenticateApiRequest(request, "guides:read");
    return apiJson({ guides: exportGuides({ apiKey: key }) }, 200, headers);
  });
}

/**
 * PUT /api/v1/guides (scope guides:write) — upserts and publishes guides by key, all or nothing:
 * `200 {"created","updated","unchanged"}`; any invalid field answers 400 listing every problem by
 * path, and nothing is written.
 */
export function action({ request }: ActionFunctionArgs) {
  if (request.method !== "PUT") return methodNotAllowed(request, ["GET", "PUT"]);
  return handleApi(async () => {
    const { key, headers } = authenticateApiRequest(request, "guides:write");
    const body = await readJsonBody(request, headers);
    const result = publishGuides({ apiKey: key }, body);
    if (!result.ok) {
      throw new ApiError(
        400,
        "invalid_guides",
        `${result.errors.length} problem(s) in the guides; nothing was written. Fix them and send the guides again.`,
        headers,
        {
          errors: result.errors,
        },
      );
    }
    return apiJson({ ...result.counts, versions: result.versions }, 200, headers);
  });
}
