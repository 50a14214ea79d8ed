import { describe, expect, it } from "vitest";
import {
  classifyProviderFailure,
  deliveryBackoffMs,
  exhaustedWindowPauseUntil,
  jobBackoffMs,
  normalizeProviderFailure,
  providerPauseUntil,
  RESEND_ERROR_STATUS,
  trackRateWindow,
  windowHasRoom,
} from "./delivery-policy";

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

describe("normalizeProviderFailure", () => {
  const classify = (raw: unknown) => classifyProviderFailure(normalizeProviderFailure(raw));

  it("keeps a well-formed Resend error as it is", () => {
    expect(normalizeProviderFailure({ statusCode: 422, name: "validation_error", message: "Invalid `to` field." })).toEqual({
      statusCode: 422,
      name: "validation_error",
      message: "Invalid `to` field.",
    });
  });

  it("gives a documented name without a status its documented status", () => {
    expect(normalizeProviderFailure({ name: "invalid_from_address", message: "x" }).statusCode).toBe(422);
    expect(normalizeProviderFailure({ name: "rate_limit_exceeded" }).statusCode).toBe(429);
    expect(normalizeProviderFailure({ name: "security_error" }).statusCode).toBe(451);
    expect(normalizeProviderFailure({ name: "internal_server_error" }).statusCode).toBe(500);
    expect(classify({ name: "validation_error", message: "bad" })).toBe("reject");
    expect(classify({ name: "daily_quota_exceeded" })).toBe("rate-limited");
  });

  it("treats what the SDK could not map (no status, unknown name, not even an object) as temporary", () => {
    for (const raw of [{ error: "upstream exploded" }, null, undefined, "Bad gateway", 42, [], { name: "brand_new_error" }, { statusCode: "n/a" }]) {
      const failure = normalizeProviderFailure(raw);
      expect(failure.statusCode).toBeNull();
      expect(failure.message.length).toBeGreaterThan(0);
      expect(classify(raw)).toBe("retry");
    }
    expect(normalizeProviderFailure({ name: "Bad Name!\r\nX: y" }).name).toBe("unknown_error");
    expect(normalizeProviderFailure({ statusCode: 999 }).statusCode).toBeNull();
  });

  it("trusts a real status in the body over the name's, and an unknown name with a 5xx is retried", () => {
    expect(classify({ statusCode: 500, name: "validation_error" })).toBe("retry");
    expect(classify({ statusCode: 502, name: "something_new" })).toBe("retry");
    expect(classify({ statusCode: "503" })).toBe("retry");
  });

  it("maps every name the SDK declares", () => {
    const declared = [
      "invalid_idempotency_key",
      "validation_error",
      "missing_api_key",
      "restricted_api_key",
      "invalid_api_key",
      "not_found",
      "method_not_allowed",
      "invalid_idempotent_request",
      "concurrent_idempotent_requests",
      "invalid_attachment",
      "invalid_from_address",
      "invalid_access",
      "invalid_parameter",
      "invalid_region",
      "missing_required_field",
      "monthly_quota_exceeded",
      "daily_quota_exceeded",
      "rate_limit_exceeded",
      "security_error",
      "application_error",
      "internal_server_error",
    ];
    expect(Object.keys(RESEND_ERROR_STATUS).sort()).toEqual(declared.sort());
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

describe("trackRateWindow", () => {
  const headers = (remaining: number, reset = 1) => ({ "ratelimit-limit": "10", "ratelimit-remaining": String(remaining), "ratelimit-reset": String(reset) });

  it("waits for the window's reset as bounded by its earliest answer, not a whole second after the last", () => {
    // Ten answers in one window, each saying "resets within 1 s" (whole seconds, rounded up).
    let window = trackRateWindow(null, headers(9), 10_000);
    for (let i = 1; i <= 9; i++) window = trackRateWindow(window, headers(9 - i), 10_000 + i * 60);
    expect(window).toEqual({ remaining: 0, resetsBy: 11_000 });
    expect(exhaustedWindowPauseUntil(window)).toBe(11_000);
  });

  it("does not pause while requests remain", () => {
    expect(exhaustedWindowPauseUntil(trackRateWindow(null, headers(3), 5_000))).toBeNull();
    expect(exhaustedWindowPauseUntil(null)).toBeNull();
  });

  it("starts over when a new window opens: more remaining than before, or the bound has passed", () => {
    const spent = trackRateWindow(null, headers(0), 10_000);
    expect(trackRateWindow(spent, headers(9), 10_500)).toEqual({ remaining: 9, resetsBy: 11_500 });
    const partial = trackRateWindow(null, headers(5), 10_000);
    expect(trackRateWindow(partial, headers(4), 11_200)).toEqual({ remaining: 4, resetsBy: 12_200 });
  });

  it("knows nothing without both headers", () => {
    expect(trackRateWindow({ remaining: 0, resetsBy: 1 }, { "ratelimit-remaining": "0" }, 0)).toBeNull();
    expect(trackRateWindow(null, null, 0)).toBeNull();
  });
});

describe("windowHasRoom", () => {
  it("lets another request start only while those in flight cannot spend the rest of the window", () => {
    const window = { remaining: 2, resetsBy: 11_000 };
    expect(windowHasRoom(window, 0, 10_500)).toBe(true);
    expect(windowHasRoom(window, 1, 10_500)).toBe(true);
    expect(windowHasRoom(window, 2, 10_500)).toBe(false);
    expect(windowHasRoom({ remaining: 0, resetsBy: 11_000 }, 0, 10_999)).toBe(false);
  });

  it("has room once the window has reset, or when no window is known", () => {
    expect(windowHasRoom({ remaining: 0, resetsBy: 11_000 }, 3, 11_000)).toBe(true);
    expect(windowHasRoom(null, 5, 10_000)).toBe(true);
  });
});
