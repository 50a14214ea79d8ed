import { z } from "zod";
import { ApiError, type ApiRateBucket } from "./api.server";

/**
 * Usage events arrive as a stream (a busy product sends batches every second), so their calls
 * have a limit of their own, apart from the key's other calls: 6,000 a minute (up to 100,000
 * events a second), a bound on a runaway sender rather than on real traffic.
 */
export const USAGE_EVENTS_RATE: ApiRateBucket = { name: "events", limit: { limit: 6_000, windowMs: 60_000 } };

/** The `{"events": [...]}` envelope: its array, or a 400/413 naming what is wrong with it. */
export function eventsEnvelope(body: unknown, headers: Record<string, string>, max: number): unknown[] {
  const envelope = z.strictObject({ events: z.array(z.unknown()) }).safeParse(body);
  if (!envelope.success) {
    throw new ApiError(400, "invalid_body", `Send a JSON object {"events": [ … ]} with up to ${max.toLocaleString("en")} events.`, headers);
  }
  const { events } = envelope.data;
  if (events.length > max) {
    throw new ApiError(
      413,
      "too_many_rows",
      `${events.length.toLocaleString("en")} events in one request; send at most ${max.toLocaleString("en")} per request and the rest in further requests.`,
      headers,
    );
  }
  return events;
}
