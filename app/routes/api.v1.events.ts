import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { MAX_EVENTS_PER_CALL } from "../domain/usage-events";
import { recordUsageEvents } from "../services/record-usage-events.server";
import { apiJson, authenticateApiRequest, handleApi, methodNotAllowed, readJsonBody } from "../utils/api.server";
import { eventsEnvelope, USAGE_EVENTS_RATE } from "../utils/usage-api.server";

/**
 * POST /api/v1/events — usage events from the customer's product (scope events:write), up to
 * 1,000 a call: `202 {"accepted","duplicates","errors":[{"index","path","code","message"}]}`.
 * Valid events are kept and bad ones listed; a replayed event id is a duplicate.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return methodNotAllowed(request, ["POST"]);
}

export function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(request, ["POST"]);
  return handleApi(async () => {
    const { headers } = authenticateApiRequest(request, "events:write", new Date(), { bucket: USAGE_EVENTS_RATE });
    const events = eventsEnvelope(await readJsonBody(request, headers), headers, MAX_EVENTS_PER_CALL);
    return apiJson(recordUsageEvents(events), 202, headers);
  });
}
