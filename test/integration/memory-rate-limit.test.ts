import { describe, expect, it } from "vitest";
import { createMemoryRateLimiter } from "../../app/utils/rate-limit.server";

describe("in-memory rate limits (survey answers)", () => {
  it("allows `limit` hits a window, reports the strictest wait, and starts afresh after the window", () => {
    const hit = createMemoryRateLimiter();
    const perToken = { limit: 2, windowMs: 60_000 };
    const perIp = { limit: 5, windowMs: 60_000 };
    const t0 = 1_000_000;
    expect(
      hit(
        [
          ["t", perToken],
          ["ip", perIp],
        ],
        t0,
      ).ok,
    ).toBe(true);
    expect(
      hit(
        [
          ["t", perToken],
          ["ip", perIp],
        ],
        t0 + 1,
      ).ok,
    ).toBe(true);
    const third = hit(
      [
        ["t", perToken],
        ["ip", perIp],
      ],
      t0 + 30_000,
    );
    expect(third).toEqual({ ok: false, remaining: 0, retryAfterSeconds: 30 });
    // Another token from the same address still counts against the address.
    expect(
      hit(
        [
          ["t2", perToken],
          ["ip", perIp],
        ],
        t0 + 30_001,
      ).ok,
    ).toBe(true);
    expect(
      hit(
        [
          ["t", perToken],
          ["ip", perIp],
        ],
        t0 + 60_000,
      ).ok,
    ).toBe(true);
  });
});
