import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { campaignProgress } from "../models/nps-api.server";
import { ApiError, apiJson, authenticateApiRequest, handleApi, methodNotAllowed } from "../utils/api.server";

const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** GET /api/v1/campaigns/:id — a wave's status and delivery counts (scope campaigns:read). */
export function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(() => {
    const { headers } = authenticateApiRequest(request, "campaigns:read");
    const id = Id.safeParse(params.id);
    if (!id.success || !/^\d+$/.test(params.id ?? ""))
      throw new ApiError(400, "invalid_id", `"${params.id}" is not a campaign id; ids are positive whole numbers.`, headers);
    const campaign = campaignProgress(id.data);
    if (!campaign) throw new ApiError(404, "not_found", `There is no campaign ${id.data}.`, headers);
    return apiJson(campaign, 200, headers);
  });
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
