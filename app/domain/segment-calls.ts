import type { UsageEventError } from "./usage-events";

/**
 * Segment's `track` and `group` calls, as a product that already sends to Segment forwards them
 * (its webhook destination posts one call a request; a library pointed here posts `{"batch": [...]}`).
 * A `group` call says which account (`groupId` = the account's external id) a user belongs to;
 * a `track` call is a usage event, its account taken from `context.groupId` or from the user's
 * last `group` call. Other call types (identify, page, screen, alias) are ignored, not refused.
 */

export type SegmentGroup = { index: number; userId: string; accountExternalId: string };
/** A track call as a usage event row; `accountExternalId` is absent when the call did not name one. */
export type SegmentTrack = { index: number; userId: string | null; row: Record<string, unknown> & { accountExternalId?: string } };

export type SegmentCalls = { groups: SegmentGroup[]; tracks: SegmentTrack[]; ignored: number; errors: UsageEventError[] };

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Segment's properties hold nested objects and lists; a usage event keeps the flat values only. */
function flatProperties(properties: Record<string, unknown>): Record<string, string | number | boolean | null> | undefined {
  const flat = Object.entries(properties).filter(([, value]) => value === null || ["string", "number", "boolean"].includes(typeof value));
  return flat.length > 0 ? (Object.fromEntries(flat) as Record<string, string | number | boolean | null>) : undefined;
}

/** The calls of a request: one call, or `{"batch": [calls]}`. Null when the body is neither. */
export function segmentCallsOf(body: unknown): unknown[] | null {
  const envelope = record(body);
  if (Array.isArray(envelope.batch)) return envelope.batch;
  return typeof envelope.type === "string" ? [body] : null;
}

export function readSegmentCalls(calls: readonly unknown[], now: number): SegmentCalls {
  const result: SegmentCalls = { groups: [], tracks: [], ignored: 0, errors: [] };
  for (const [index, raw] of calls.entries()) {
    const call = record(raw);
    const type = text(call.type)?.toLowerCase();
    const userId = text(call.userId) ?? null;
    const context = record(call.context);
    if (type === "group") {
      const accountExternalId = text(call.groupId);
      if (!userId || !accountExternalId) {
        result.errors.push({
          index,
          path: userId ? "groupId" : "userId",
          code: "invalid_value",
          message: "a group call needs a userId and a groupId (the account's external id)",
        });
        continue;
      }
      result.groups.push({ index, userId, accountExternalId });
    } else if (type === "track") {
      const properties = record(call.properties);
      // A malformed address in a trait is left out rather than costing the event.
      const email = [text(record(context.traits).email), text(properties.email)].find(
        (value) => value !== undefined && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value),
      );
      result.tracks.push({
        index,
        userId,
        row: {
          id: text(call.messageId),
          type: text(call.event),
          accountExternalId: text(context.groupId) ?? text(properties.groupId),
          ...(email ? { email: email.toLowerCase() } : {}),
          ...(userId ? { userId } : {}),
          occurredAt: text(call.timestamp) ?? text(call.originalTimestamp) ?? text(call.receivedAt) ?? new Date(now).toISOString(),
          properties: flatProperties(properties),
        },
      });
    } else {
      result.ignored++;
    }
  }
  return result;
}
