import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ServiceError } from "../domain/service-error";
import { createCampaign } from "../services/create-campaign.server";
import { createAndLaunchCampaign } from "../services/launch-campaign.server";
import { ApiError, apiErrorOf, apiJson, authenticateApiRequest, handleApi, methodNotAllowed, readJsonBody } from "../utils/api.server";

const ERROR_CODES: Partial<Record<ServiceError["status"], string>> = { 400: "invalid_campaign", 403: "forbidden", 404: "not_found", 409: "conflict" };

/**
 * The API's flat shape: targeting fields at the top level (as in the console's form), rules
 * optional (the survey settings fill the rest), launch now unless `launch` is false or a
 * `scheduledAt` time is given.
 */
const Body = z.strictObject({
  name: z.unknown(),
  segments: z.unknown().optional(),
  stages: z.unknown().optional(),
  csmUserIds: z.unknown().optional(),
  locales: z.unknown().optional(),
  accountExternalIds: z.unknown().optional(),
  rules: z.unknown().optional(),
  scheduledAt: z.iso.datetime({ offset: true, error: "use an ISO time with a zone, e.g. 2026-04-01T09:00:00+09:00" }).nullish(),
  launch: z.boolean({ error: "true to launch now (or at scheduledAt), false to keep a draft" }).default(true),
});

function campaignError(error: unknown, headers: Record<string, string>): never {
  if (error instanceof ServiceError) {
    // The API answers in English, naming the field a refusal is about (the console shows it beside the field instead).
    const refused = apiErrorOf(error, ERROR_CODES, headers);
    if (!error.field || error.code === "campaignInvalidField") throw refused;
    throw new ApiError(refused.status, refused.code, `${error.field}: ${error.message}`, headers);
  }
  throw error;
}

/** POST /api/v1/campaigns — create a wave and launch it (scope campaigns:write). */
export function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  return handleApi(async () => {
    const { key, headers } = authenticateApiRequest(request, "campaigns:write");
    const parsed = Body.safeParse(await readJsonBody(request, headers));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const message = issue.code === "unrecognized_keys" ? `${issue.keys.join(", ")}: unknown field` : `${issue.path.join(".") || "body"}: ${issue.message}`;
      throw new ApiError(400, "invalid_campaign", message, headers);
    }
    const { name, rules, scheduledAt, launch, ...targeting } = parsed.data;
    const input = { name, targeting, ...(rules === undefined ? {} : { rules }) };
    const actor = { apiKey: key };
    try {
      if (!launch) {
        const draft = createCampaign(actor, input);
        return apiJson({ id: draft.id, status: draft.status, recipients: null }, 201, { ...headers, Location: `/api/v1/campaigns/${draft.id}` });
      }
      const launched = createAndLaunchCampaign(actor, input, { scheduledAt: scheduledAt ? Date.parse(scheduledAt) : null });
      return apiJson({ id: launched.campaign.id, status: launched.campaign.status, recipients: launched.recipients }, 201, {
        ...headers,
        Location: `/api/v1/campaigns/${launched.campaign.id}`,
      });
    } catch (error) {
      campaignError(error, headers);
    }
  });
}

export function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, ["POST"]);
}
