import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { segmentCallsOf } from "../domain/segment-calls";
import { MAX_EVENTS_PER_CALL } from "../domain/usage-events";
import { recordSegmentCalls } from "../services/record-segment-calls.server";
import { ApiError, apiJson, authenticateApiRequest, handleApi, methodNotAllowed, readJsonBody } from "../utils/api.server";
import { USAGE_EVENTS_RATE } from "../utils/usage-api.server";

/**
 * POST /api/v1/segment — Segment `track` and `group` calls (one, or `{"batch": [...]}`), with
 * the API key as HTTP Basic's user name as Segment sends its write key (scope events:write).
 * Answers 200 `{"accepted","duplicates","grouped","ignored","errors"}`.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, ["POST"]);
}

export function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  return handleApi(async () => {
    const { headers } = authenticateApiRequest(request, "events:write", new Date(), { bucket: USAGE_EVENTS_RATE, basic: true });
    const calls = segmentCallsOf(await readJsonBody(request, headers));
    if (calls === null) throw new ApiError(400, "invalid_body", 'Send a Segment call ({"type": "track", …}) or {"batch": [calls]}.', headers);
    if (calls.length > MAX_EVENTS_PER_CALL) {
      throw new ApiError(
        413,
        "too_many_rows",
        `${calls.length.toLocaleString("en")} calls in one request; send at most ${MAX_EVENTS_PER_CALL.toLocaleString("en")}.`,
        headers,
      );
    }
    return apiJson(recordSegmentCalls(calls), 200, headers);
  });
}
