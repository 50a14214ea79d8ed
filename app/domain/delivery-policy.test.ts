import { describe, expect, it } from "vitest";
import { classifyProviderFailure, deliveryBackoffMs, jobBackoffMs, providerPauseUntil } from "./delivery-policy";

describe("deliveryBackoffMs", () => {
  it("grows exponentially up to a cap and is jittered over the whole range", () => {
    expect(deliveryBackoffMs(1, () => 1)).toBe(15_000);
    expect(deliveryBackoffMs(2, () => 1)).toBe(30_000);
    expect(deliveryBackoffMs(5, () => 1)).toBe(240_000);
    expect(deliveryBackoffMs(30, () => 1)).toBe(30 * 60_000);
    expect(deliveryBackoffMs(3, () => 0.5)).toBe(30_000);
  });

  it("never retries sooner than a second", () => {
    expect(deliveryBackoffMs(1, () => 0)).toBe(1_000);
  });
});

describe("jobBackoffMs", () => {
  it("waits between half and all of the exponential delay", () => {
    expect(jobBackoffMs(1, () => 0)).toBe(5_000);
    expect(jobBackoffMs(1, () => 1)).toBe(10_000);
    expect(jobBackoffMs(4, () => 1)).toBe(80_000);
    expect(jobBackoffMs(40, () => 1)).toBe(60 * 60_000);
  });
});

describe("classifyProviderFailure", () => {
  const failure = (statusCode: number | null, name = "application_error") => classifyProviderFailure({ statusCode, name, message: "" });

  it("pauses on rate limits and quotas", () => {
    expect(failure(429, "rate_limit_exceeded")).toBe("rate-limited");
    expect(failure(429, "daily_quota_exceeded")).toBe("rate-limited");
  });

  it("retries server errors, timeouts, network failures and fixable key problems", () => {
    expect(failure(500)).toBe("retry");
    expect(failure(503)).toBe("retry");
    expect(failure(null)).toBe("retry");
    expect(failure(409, "concurrent_idempotent_requests")).toBe("retry");
    expect(failure(403, "invalid_api_key")).toBe("retry");
  });

  it("rejects what the provider will never accept", () => {
    expect(failure(422, "validation_error")).toBe("reject");
    expect(failure(403, "validation_error")).toBe("reject");
    expect(failure(409, "invalid_idempotent_request")).toBe("reject");
    expect(failure(400, "invalid_idempotency_key")).toBe("reject");
  });
});

describe("providerPauseUntil", () => {
  const now = 1_000_000;

  it("honours retry-after in seconds or as a date on a 429", () => {
    expect(providerPauseUntil({ "retry-after": "3" }, now, { rateLimited: true })).toBe(now + 3_000);
    expect(providerPauseUntil({ "Retry-After": new Date(now + 7_000).toUTCString() }, now, { rateLimited: true })).toBe(
      Math.floor((now + 7_000) / 1000) * 1000,
    );
  });

  it("falls back to ratelimit-reset, then to a short pause (or a long one for quotas)", () => {
    expect(providerPauseUntil({ "ratelimit-reset": "2" }, now, { rateLimited: true })).toBe(now + 2_000);
    expect(providerPauseUntil({}, now, { rateLimited: true })).toBe(now + 1_000);
    expect(providerPauseUntil(null, now, { rateLimited: true, quota: true })).toBe(now + 3_600_000);
  });

  it("pauses a successful sender only when the window is spent", () => {
    expect(providerPauseUntil({ "ratelimit-remaining": "0", "ratelimit-reset": "1" }, now, { rateLimited: false })).toBe(now + 1_000);
    expect(providerPauseUntil({ "ratelimit-remaining": "4", "ratelimit-reset": "1" }, now, { rateLimited: false })).toBeNull();
    expect(providerPauseUntil(null, now, { rateLimited: false })).toBeNull();
  });
});
