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

  it("forgets expired windows as hits go on, a few at a time, so a wave of distinct addresses does not pile up", () => {
    const hit = createMemoryRateLimiter();
    const perIp = { limit: 60, windowMs: 60_000 };
    const t0 = 1_000_000;
    for (let i = 0; i < 100_000; i++) hit([[`wave:${i}`, perIp]], t0);
    hit([["live", perIp]], t0 + 59_000);
    expect(hit.windowCount()).toBe(100_001);
    // A minute later the wave's windows have expired: the next hits sweep them away.
    for (let i = 0; i < 30_000; i++) hit([[`later:${i % 10}`, perIp]], t0 + 60_000);
    expect(hit.windowCount()).toBe(11);
    // A live window keeps its count through the sweep.
    expect(hit([["live", perIp]], t0 + 60_001)).toMatchObject({ ok: true, remaining: 58 });
  });
});
