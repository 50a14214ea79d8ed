import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loader } from "../../app/routes/metrics";
import { db, sqlite, transaction } from "../../app/utils/db.server";
import { EnvError, parseEnv } from "../../app/utils/env.server";
import { enqueueJob } from "../../app/utils/jobs.server";
import { logRequest } from "../../app/utils/request-log.server";
import { runWorkerStep } from "../../app/worker.server";
import { outbox } from "../../db/schema";
import { sendEmail } from "../factories/email";
import { captureLog } from "../setup/capture-log";

const TOKEN = "metrics-token-0123456789abcdef";
const holder = globalThis as unknown as { __kizunaEnv?: unknown };

function scrape(authorization?: string) {
  const headers = new Headers(authorization ? { Authorization: authorization } : {});
  return loader({ request: new Request("http://localhost:3000/metrics", { headers }), params: {}, context: {} });
}

/** A sample's value: `name{labels} value` (labels in the order prom-client prints them). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

afterEach(() => {
  delete process.env.METRICS_TOKEN;
  holder.__kizunaEnv = undefined;
});

describe("GET /metrics while METRICS_TOKEN is unset", () => {
  it("is not there: 404, whatever is sent", async () => {
    expect((await scrape()).status).toBe(404);
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
  });
});

describe("GET /metrics with METRICS_TOKEN set", () => {
  beforeEach(() => {
    process.env.METRICS_TOKEN = TOKEN;
    holder.__kizunaEnv = undefined;
  });

  it("refuses a missing, wrong, truncated or non-Bearer token with a 401", async () => {
    for (const authorization of [
      undefined,
      "Bearer wrong-token-0123456789abcdef",
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `Basic ${TOKEN}`,
      TOKEN,
    ]) {
      const response = await scrape(authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get("WWW-Authenticate")).toBe('Bearer realm="metrics"');
      expect(await response.text()).not.toContain("kizuna_");
    }
  });

  it("gives the right token the Prometheus text format with the series an operator watches", async () => {
    const log = captureLog();
    try {
      // Two answers of one route, one email sent to the local outbox, one waiting, a due job and a dead one.
      logRequest({ id: "a1b2c3d4e5f6a7b8", method: "POST", route: "/s/:token", status: 303, ms: 12, completed: true });
      logRequest({ id: "a1b2c3d4e5f6a7b9", method: "POST", route: "/s/:token", status: 303, ms: 30, completed: true });
      await sendEmail("magic-link", { name: "Sam", url: "http://localhost:3000/login/z", expiresMinutes: 15 }, { to: "first@example.com", locale: "en" });
      await runWorkerStep();
      const waiting = await sendEmail(
        "magic-link",
        { name: "Sam", url: "http://localhost:3000/login/z", expiresMinutes: 15 },
        { to: "second@example.com", locale: "en" },
      );
      db.update(outbox)
        .set({ createdAt: Date.now() - 90_000, nextAttemptAt: Date.now() + 60_000 })
        .where(eq(outbox.id, waiting))
        .run();
      transaction((tx) => enqueueJob(tx, "test.metrics-lagging", {}, { runAt: Date.now() - 45_000 }));
      const dead = transaction((tx) => enqueueJob(tx, "test.metrics-dead", {}));
      sqlite().prepare("UPDATE jobs SET status = 'dead' WHERE id = ?").run(dead);
    } finally {
      log.restore();
    }

    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const text = await response.text();

    expect(sample(text, 'kizuna_http_requests_total{method="POST",route="/s/:token",status="303"}')).toBe(2);
    expect(sample(text, 'kizuna_http_request_duration_seconds_count{method="POST",route="/s/:token",status="303"}')).toBe(2);
    expect(sample(text, 'kizuna_http_request_duration_seconds_bucket{le="0.025",method="POST",route="/s/:token",status="303"}')).toBe(1);
    expect(sample(text, 'kizuna_emails_total{outcome="local"}')).toBe(1);
    expect(sample(text, "kizuna_email_provider_rate_limited_total")).toBe(0);
    expect(sample(text, "kizuna_outbox_depth")).toBe(1);
    expect(sample(text, "kizuna_outbox_oldest_unsent_age_seconds")).toBeGreaterThanOrEqual(90);
    expect(sample(text, 'kizuna_job_lag_seconds{type="test.metrics-lagging"}')).toBeGreaterThanOrEqual(45);
    expect(sample(text, 'kizuna_jobs_dead{type="test.metrics-dead"}')).toBe(1);
    expect(sample(text, 'kizuna_sqlite_file_bytes{file="database"}')).toBeGreaterThan(0);
    expect(sample(text, 'kizuna_sqlite_file_bytes{file="wal"}')).toBeGreaterThanOrEqual(0);
    expect(text).toContain("# TYPE kizuna_webhooks_total counter");
    expect(text).toContain("# TYPE kizuna_jobs_total counter");
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    // Route patterns only: no path, token or address is a label.
    expect(text).not.toContain("@example.com");
  });
});

describe("METRICS_TOKEN", () => {
  it("must be long enough to be a secret: a short one stops start-up naming it", () => {
    expect(() => parseEnv({ METRICS_TOKEN: "secret" })).toThrow(EnvError);
    expect(() => parseEnv({ METRICS_TOKEN: "secret" })).toThrow(/^Invalid METRICS_TOKEN="secret": must be at least 16 characters/);
    expect(parseEnv({ METRICS_TOKEN: "" }).METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ METRICS_TOKEN: TOKEN }).METRICS_TOKEN).toBe(TOKEN);
  });
});
