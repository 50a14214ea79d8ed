import { readSegmentCalls } from "../domain/segment-calls";
import type { UsageEventError } from "../domain/usage-events";
import { accountExternalIdOfSegmentUser, linkSegmentUsers } from "../models/usage.server";
import { recordUsageEvents } from "./record-usage-events.server";

export type RecordedSegmentCalls = { accepted: number; duplicates: number; grouped: number; ignored: number; errors: UsageEventError[] };

/**
 * `POST /api/v1/segment`: a request's Segment calls. `group` calls are learnt first (so a batch
 * may say who belongs where and then what they did), then `track` calls are recorded as usage
 * events through the same service as `POST /api/v1/events`; errors keep the call's index.
 */
export function recordSegmentCalls(calls: readonly unknown[], now = Date.now()): RecordedSegmentCalls {
  const read = readSegmentCalls(calls, now);
  const errors = [...read.errors];
  const grouped = linkSegmentUsers(read.groups, now);
  for (const refused of grouped.unknown) {
    errors.push({
      index: refused.index,
      path: "groupId",
      code: "unknown_reference",
      message: `no account has the external id ${refused.accountExternalId}; send the account first (PUT /api/v1/accounts)`,
    });
  }
  const rows = read.tracks.map((track) => ({
    ...track.row,
    accountExternalId: track.row.accountExternalId ?? (track.userId ? accountExternalIdOfSegmentUser(track.userId) : undefined),
  }));
  const recorded = recordUsageEvents(rows, now);
  for (const error of recorded.errors) {
    const index = read.tracks[error.index].index;
    const unnamed = error.path === "accountExternalId" && rows[error.index].accountExternalId === undefined;
    errors.push(
      unnamed
        ? {
            index,
            path: "context.groupId",
            code: "invalid_value",
            message: "the call names no account: send context.groupId, or a group call for its userId first",
          }
        : { ...error, index },
    );
  }
  errors.sort((a, b) => a.index - b.index);
  return { accepted: recorded.accepted, duplicates: recorded.duplicates, grouped: grouped.linked, ignored: read.ignored, errors };
}
