import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { MAX_REVENUE_EVENTS, RevenueEventsBody } from "../domain/revenue-events";
import { ServiceError } from "../domain/service-error";
import { recordRevenueEvents, type RevenueEventError } from "../services/record-revenue-events.server";
import { ApiError, apiJson, authenticateApiRequest, handleApi, methodNotAllowed, readJsonBody } from "../utils/api.server";

/**
 * PUT /api/v1/revenue-events — dated ARR movements (scope revenue:write), up to 1,000 a call:
 * `{"events":[{"id","accountExternalId","type","date","arr":{"amount","currency"},"reason"?}]}`
 * where `arr` is the account's ARR after the movement. All or nothing; idempotent by `id`.
 * `200 {"recorded","unchanged"}`; malformed events 400, unknown accounts or reasons 422, each listed.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, ["PUT"]);
}

export function action({ request }: ActionFunctionArgs) {
  if (request.method !== "PUT") return methodNotAllowed(request, ["PUT"]);
  return handleApi(async () => {
    const { key, headers } = authenticateApiRequest(request, "revenue:write");
    const body = RevenueEventsBody.safeParse(await readJsonBody(request, headers));
    if (!body.success) {
      const issue = body.error.issues[0];
      throw new ApiError(
        400,
        "invalid_body",
        issue.code === "too_big"
          ? `Send at most ${MAX_REVENUE_EVENTS.toLocaleString("en")} events a request and split the rest into further requests.`
          : `Send a JSON object {"events": [ … ]}: ${issue.code === "unrecognized_keys" ? `${issue.keys.join(", ")} is not a field` : `${issue.path.join(".") || "body"}: ${issue.message}`}.`,
        headers,
      );
    }
    try {
      return apiJson({ ...recordRevenueEvents({ apiKey: key }, body.data.events), errors: [] }, 200, headers);
    } catch (error) {
      if (!(error instanceof ServiceError) || error.code !== "rowsRejected") throw error;
      const rejected = (error.detail ?? []) as RevenueEventError[];
      const malformed = rejected.some((e) => e.code !== "unknown_reference");
      throw new ApiError(
        malformed ? 400 : 422,
        malformed ? "invalid_events" : "unresolved_events",
        `${new Set(rejected.map((e) => e.index)).size} of ${body.data.events.length} events have errors; nothing was written. Fix them and send the batch again.`,
        headers,
        { recorded: 0, errors: rejected.map((e) => ({ ...e, path: ["events", e.index, e.path].filter((part) => part !== "").join(".") })) },
      );
    }
  });
}
