import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import { BATCH_FILL_WAIT_MS } from "../../app/models/outbox.server";
import { deliverOutbox, resetDeliveryPause } from "../../app/services/deliver-outbox.server";
import { db, transaction } from "../../app/utils/db.server";
import { enqueueEmail } from "../../app/utils/email.server";
import { outboxRestMs } from "../../app/worker.server";
import { startFakeResend } from "../fake-resend/server";

// The real Resend SDK talks to a real HTTP server: configure it before anything reads the env.
const fake = await startFakeResend();
process.env.RESEND_API_KEY = "re_test_0123456789";
process.env.RESEND_BASE_URL = fake.url;

afterAll(() => fake.close());

beforeEach(() => {
  fake.reset();
  fake.setRateLimit(null);
  resetDeliveryPause();
  db.delete(outbox).run();
});

function queue(count: number, template = "magic-link", now = Date.now()) {
  transaction((tx) => {
    for (let i = 0; i < count; i++) {
      enqueueEmail(tx, { template, to: `person${i}@example.com`, subject: `Hello ${i}`, html: `<p>Hello ${i}</p>`, text: `Hello ${i}`, locale: "en" }, now);
    }
  });
}

describe("the outbox loop's rest between steps", () => {
  const idle = { claimed: 0, sent: 0, local: 0, retried: 0, dead: 0, pausedUntil: null };

  it("goes on at once while there is more, ticks when the queue is empty", () => {
    expect(outboxRestMs({ ...idle, claimed: 100, sent: 100 }, 1_000, 500)).toBe(0);
    expect(outboxRestMs(idle, 1_000, 500)).toBe(500);
    expect(outboxRestMs(null, 1_000, 500)).toBe(500);
  });

  it("wakes exactly when the provider's pause ends, never a tick later", () => {
    expect(outboxRestMs({ ...idle, claimed: 100, sent: 100, pausedUntil: 1_130 }, 1_000, 500)).toBe(130);
    expect(outboxRestMs({ ...idle, pausedUntil: 900 }, 1_000, 500)).toBe(0);
    expect(outboxRestMs({ ...idle, pausedUntil: 60_000 }, 1_000, 500)).toBe(500);
  });
});

describe("sending under the provider's rate limit", () => {
  it("keeps up with the limit: about `limit` requests a second, no 429, nothing lost", async () => {
    const limit = 4;
    fake.setRateLimit(limit);
    queue(limit * 3 * 100 + 50); // three full windows of batches and a bit
    // Slow answers (150 ms), as from a distant provider: the time lost at each window change shows.
    fake.delayNext(limit * 3 + 1, 150);
    await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 5));
    for (;;) {
      const step = await deliverOutbox();
      const rest = outboxRestMs(step, Date.now(), 500);
      if (step.claimed === 0 && step.pausedUntil === null) break;
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    }
    const requests = fake.requests();
    expect(requests).toHaveLength(limit * 3 + 1);
    expect(fake.stats().rateLimited).toBe(0);
    expect(fake.emails()).toHaveLength(limit * 3 * 100 + 50);
    // How close the pace comes to the limit is a figure of the `sending` benchmark, not a timed test.
  }, 15_000);

  it("sends from two lanes at once, each email once, answers out of order included", async () => {
    const limit = 4;
    fake.setRateLimit(limit);
    queue(limit * 3 * 100);
    // Alternate slow and quick answers, so a later request's answer often arrives first.
    for (let i = 0; i < limit * 3; i += 2) {
      fake.delayNext(1, 200);
      fake.delayNext(1, 0);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 5));
    const lane = async () => {
      for (;;) {
        const step = await deliverOutbox();
        if (step.claimed === 0 && step.pausedUntil === null) return;
        const rest = outboxRestMs(step, Date.now(), 500);
        await new Promise((resolve) => setTimeout(resolve, rest));
      }
    };
    await Promise.all([lane(), lane()]);
    // A request slowed on its way in can land in the next window, which no client can foresee:
    // the provider may refuse it (at most once a window change), and it is sent again, once.
    expect(fake.stats().rateLimited).toBeLessThanOrEqual(3);
    expect(fake.emails()).toHaveLength(limit * 3 * 100);
    expect(new Set(fake.emails().map((e) => e.to[0])).size).toBe(limit * 3 * 100);
  }, 15_000);

  it("lets a part-filled batch of wave emails fill for a moment, but never holds up other email", async () => {
    const start = Date.now();
    queue(30, "nps-invitation", start);
    const waiting = await deliverOutbox({ now: start + 100 });
    expect(waiting).toMatchObject({ claimed: 0, pausedUntil: start + BATCH_FILL_WAIT_MS });
    expect(fake.requests()).toHaveLength(0);
    expect(await deliverOutbox({ now: start + BATCH_FILL_WAIT_MS })).toMatchObject({ claimed: 30, sent: 30 });

    queue(20, "nps-invitation", start + 1_000);
    queue(1, "magic-link", start + 1_000);
    expect(await deliverOutbox({ now: start + 1_001 })).toMatchObject({ claimed: 21, sent: 21 });
  });
});
