import { db, preparedOn, sqlite } from "./db.server";

export type RateLimit = { limit: number; windowMs: number };
export type RateDecision = { ok: boolean; remaining: number; retryAfterSeconds: number };
export type RateHit = RateDecision & { count: number };

const HIT_SQL = `INSERT INTO rate_limits (key, count, reset_at) VALUES (?, 1, ?)
  ON CONFLICT(key) DO UPDATE SET
    count = CASE WHEN reset_at <= ? THEN 1 ELSE count + 1 END,
    reset_at = CASE WHEN reset_at <= ? THEN excluded.reset_at ELSE reset_at END
  RETURNING count, reset_at`;

/**
 * Fixed-window counter in SQLite, so every process (web, worker) sees the same budget and a
 * restart does not reset it. One UPSERT per check: cheap, atomic.
 */
export function hit(key: string, { limit, windowMs }: RateLimit, now = Date.now()): RateHit {
  const row = preparedOn(db, HIT_SQL).get(key, now + windowMs, now, now) as { count: number; reset_at: number };
  return {
    count: row.count,
    ok: row.count <= limit,
    remaining: Math.max(0, limit - row.count),
    retryAfterSeconds: Math.max(1, Math.ceil((row.reset_at - now) / 1000)),
  };
}

const REFUND_SQL = "UPDATE rate_limits SET count = count - 1 WHERE key = ? AND reset_at > ? AND count > 0";

/**
 * Takes back one count of a live window: for limits that count failures, an attempt is counted
 * before it is checked (so parallel attempts cannot slip past the limit) and refunded when it succeeds.
 */
export function refund(key: string, now = Date.now()) {
  preparedOn(db, REFUND_SQL).run(key, now);
}

/** Forgets a window entirely (a success wipes the failures counted against it). */
export function clearRateLimit(key: string) {
  preparedOn(db, "DELETE FROM rate_limits WHERE key = ?").run(key);
}

/** Checks every limit (all are counted) and reports the strictest. */
export function hitAll(checks: [string, RateLimit][], now = Date.now()): RateDecision {
  const decisions = checks.map(([key, limit]) => hit(key, limit, now));
  const denied = decisions.filter((d) => !d.ok);
  if (denied.length === 0) return { ok: true, remaining: Math.min(...decisions.map((d) => d.remaining)), retryAfterSeconds: 0 };
  return { ok: false, remaining: 0, retryAfterSeconds: Math.max(...denied.map((d) => d.retryAfterSeconds)) };
}

export function clientIp(request: Request): string {
  // The server entry puts the socket address here; forwarded headers are only trusted behind a proxy.
  return request.headers.get("x-kizuna-client-ip") ?? "unknown";
}

/** Removes expired windows; called by the worker's housekeeping. */
export function pruneRateLimits(now = Date.now()) {
  sqlite().prepare("DELETE FROM rate_limits WHERE reset_at <= ?").run(now);
}

/**
 * The same fixed windows, counted in this process's memory: for the survey answer POST only,
 * whose limits guard against floods rather than guessing (its tokens carry 256 bits) and whose
 * speed is benchmarked. A restart forgets the counts and each process counts for itself
 * (docs/decisions/013).
 */
export function createMemoryRateLimiter() {
  type Window = { count: number; resetAt: number };
  const windows = new Map<string, Window>();
  // Expired windows are swept a few entries per hit, resuming where the last hit stopped, so a
  // wave of distinct addresses cannot pile up and no request pays for a pass over all of them
  // (a whole pass a second held the answer path for milliseconds, its slowest answers).
  let sweep: Iterator<[string, Window]> | undefined;

  function sweepSome(now: number, budget: number) {
    for (let i = 0; i < budget; i++) {
      sweep ??= windows.entries();
      const next = sweep.next();
      if (next.done) {
        sweep = undefined;
        return;
      }
      if (next.value[1].resetAt <= now) windows.delete(next.value[0]);
    }
  }

  function hitOne(key: string, { limit, windowMs }: RateLimit, now: number): RateDecision {
    let window = windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      windows.set(key, window);
    }
    window.count += 1;
    return {
      ok: window.count <= limit,
      remaining: Math.max(0, limit - window.count),
      retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)),
    };
  }

  function hitAllInMemory(checks: [string, RateLimit][], now = Date.now()): RateDecision {
    // Four entries swept for each key a hit may add: the sweep outruns the growth.
    sweepSome(now, 4 * checks.length);
    const decisions = checks.map(([key, limit]) => hitOne(key, limit, now));
    const denied = decisions.filter((d) => !d.ok);
    if (denied.length === 0) return { ok: true, remaining: Math.min(...decisions.map((d) => d.remaining)), retryAfterSeconds: 0 };
    return { ok: false, remaining: 0, retryAfterSeconds: Math.max(...denied.map((d) => d.retryAfterSeconds)) };
  }

  /** How many windows are held (expired ones included until the sweep reaches them). */
  return Object.assign(hitAllInMemory, { windowCount: () => windows.size });
}
