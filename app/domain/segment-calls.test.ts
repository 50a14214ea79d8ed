import { describe, expect, it } from "vitest";
import { readSegmentCalls, segmentCallsOf } from "./segment-calls";

const NOW = Date.parse("2026-12-07T00:00:00Z");

describe("segmentCallsOf", () => {
  it("takes one call or a batch, and nothing else", () => {
    expect(segmentCallsOf({ type: "track" })).toEqual([{ type: "track" }]);
    expect(segmentCallsOf({ batch: [{ type: "track" }], sentAt: "x" })).toEqual([{ type: "track" }]);
    expect(segmentCallsOf([{ type: "track" }])).toBeNull();
    expect(segmentCallsOf({ events: [] })).toBeNull();
  });
});

describe("readSegmentCalls", () => {
  it("turns track calls into usage event rows, group calls into account links, and ignores the other types", () => {
    const read = readSegmentCalls(
      [
        { type: "group", userId: "u1", groupId: "A-1" },
        {
          type: "track",
          event: "Report Created",
          userId: "u1",
          messageId: "m1",
          timestamp: "2026-12-06T00:00:00.000Z",
          context: { groupId: "A-1", traits: { email: "Hana@Example.jp" } },
          properties: { plan: "pro", items: [1, 2], meta: { a: 1 } },
        },
        { type: "track", event: "Login", userId: "u2", messageId: "m2", context: { traits: { email: "not an address" } } },
        { type: "identify", userId: "u1" },
        { type: "group", userId: "u3" },
      ],
      NOW,
    );
    expect(read.groups).toEqual([{ index: 0, userId: "u1", accountExternalId: "A-1" }]);
    expect(read.tracks).toEqual([
      {
        index: 1,
        userId: "u1",
        row: {
          id: "m1",
          type: "Report Created",
          accountExternalId: "A-1",
          email: "hana@example.jp",
          userId: "u1",
          occurredAt: "2026-12-06T00:00:00.000Z",
          properties: { plan: "pro" },
        },
      },
      // No account named (a group call may have said it), no time (now), a malformed address left out.
      {
        index: 2,
        userId: "u2",
        row: { id: "m2", type: "Login", accountExternalId: undefined, userId: "u2", occurredAt: "2026-12-07T00:00:00.000Z", properties: undefined },
      },
    ]);
    expect(read.ignored).toBe(1);
    expect(read.errors).toEqual([expect.objectContaining({ index: 4, path: "groupId" })]);
  });
});
