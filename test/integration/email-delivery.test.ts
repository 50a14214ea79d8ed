import { wordMessages } from "../../app/domain/field-message";
import { randomUUID } from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import { Resend } from "resend";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import { MAX_DELIVERY_ATTEMPTS } from "../../app/domain/delivery-policy";
import { claimOutboxBatch } from "../../app/models/outbox.server";
import { deliverOutbox, OUTBOX_LEASE_MS, postToResend, resetDeliveryPause } from "../../app/services/deliver-outbox.server";
import { db, transaction } from "../../app/utils/db.server";
import { enqueueEmail } from "../../app/utils/email.server";
import { startFakeResend } from "../fake-resend/server";
import { metrics } from "../../app/utils/metrics.server";

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

function queue(count: number, now = Date.now(), to = (i: number) => `person${i}@example.com`): number[] {
  return transaction((tx) =>
    Array.from({ length: count }, (_, i) =>
      enqueueEmail(tx, { template: "magic-link", to: to(i), subject: `Hello ${i}`, html: `<p>Hello ${i}</p>`, text: `Hello ${i}`, locale: "en" }, now),
    ),
  );
}

function rows(ids?: number[]) {
  const query = db.select().from(outbox);
  // The last error is kept as codes the console words; read it as an English reader would.
  return (ids ? query.where(inArray(outbox.id, ids)) : query)
    .orderBy(asc(outbox.id))
    .all()
    .map((row) => ({ ...row, lastError: row.lastError === null ? null : wordMessages(row.lastError, "en") }));
}

/** Runs delivery steps at `now` until nothing more is claimed. */
async function drain(now: number, options: { timeoutMs?: number } = {}) {
  const steps = [];
  for (;;) {
    const step = await deliverOutbox({ now, ...options });
    if (step.claimed === 0) return steps;
    steps.push(step);
  }
}

describe("delivery through Resend", () => {
  it("sends 150 due emails as two batch calls of 100 and 50, each with its batch's idempotency key", async () => {
    const ids = queue(150);
    const steps = await drain(Date.now());
    expect(steps.map((s) => s.sent)).toEqual([100, 50]);

    const requests = fake.requests();
    expect(requests.map((r) => [r.path, r.size, r.status])).toEqual([
      ["/emails/batch", 100, 200],
      ["/emails/batch", 50, 200],
    ]);
    const sent = rows(ids);
    const batchIds = [...new Set(sent.map((r) => r.batchId))];
    expect(batchIds).toHaveLength(2);
    expect(requests.map((r) => r.idempotencyKey)).toEqual(batchIds.map((id) => `batch-${id}`));

    expect(sent.every((r) => r.status === "sent" && r.attempts === 1 && r.sentAt !== null && r.leaseUntil === null)).toBe(true);
    const delivered = fake.emails();
    expect(delivered).toHaveLength(150);
    // Each row records the provider id of its own email.
    const byRecipient = new Map(delivered.map((e) => [e.to[0], e.id]));
    for (const row of sent) expect(row.providerId).toBe(byRecipient.get(row.toEmail));
  });

  it("sends a single due email through /emails with the row's key, headers, tags and reply-to", async () => {
    const [id] = transaction((tx) => [
      enqueueEmail(tx, {
        template: "magic-link",
        to: "solo@example.com",
        subject: "Just one",
        html: "<p>One</p>",
        text: "One",
        locale: "ja",
        replyTo: "csm@vendor.example",
        headers: { "X-Entity-Ref-ID": "abc" },
        tags: [{ name: "campaign", value: "c-1" }],
      }),
    ]);
    const step = await deliverOutbox();
    expect(step).toMatchObject({ claimed: 1, sent: 1 });
    const [row] = rows([id]);
    const [request] = fake.requests();
    expect(request.path).toBe("/emails");
    expect(request.idempotencyKey).toBe(`outbox-${id}-${row.createdAt}`);
    const [email] = fake.emails({ to: "solo@example.com" });
    expect(email).toMatchObject({
      from: row.fromEmail,
      to: ["solo@example.com"],
      replyTo: ["csm@vendor.example"],
      subject: "Just one",
      html: "<p>One</p>",
      text: "One",
      headers: { "X-Entity-Ref-ID": "abc" },
      tags: [
        { name: "campaign", value: "c-1" },
        { name: "template", value: "magic-link" },
      ],
    });
    expect(row).toMatchObject({ status: "sent", providerId: email.id });
  });

  it("never duplicates: a batch abandoned mid-send is reclaimed after its lease as the same batch", async () => {
    const now = Date.now();
    const ids = queue(3, now);
    // A worker claims and sends, then dies before recording the result.
    const { rows: claimed } = claimOutboxBatch(now, now + OUTBOX_LEASE_MS, randomUUID(), 100);
    const crashed = await postToResend(new Resend(process.env.RESEND_API_KEY, { baseUrl: fake.url }), claimed);
    expect(crashed.ok).toBe(true);
    expect(fake.emails()).toHaveLength(3);

    // While the lease holds, nobody else takes the batch.
    expect((await deliverOutbox({ now: now + 1_000 })).claimed).toBe(0);
    expect(rows(ids).every((r) => r.status === "sending")).toBe(true);

    // Once it expires, the batch is resent under the same key: Resend answers as before.
    const step = await deliverOutbox({ now: now + OUTBOX_LEASE_MS + 1 });
    expect(step).toMatchObject({ claimed: 3, sent: 3 });
    expect(fake.emails()).toHaveLength(3);
    expect(fake.stats().replayed).toBe(1);
    const keys = fake.requests().map((r) => r.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
    const after = rows(ids);
    expect(after.every((r) => r.status === "sent")).toBe(true);
    expect(after.map((r) => r.providerId).sort()).toEqual(
      fake
        .emails()
        .map((e) => e.id)
        .sort(),
    );
  });

  it("on a 429 keeps every email, pauses the sender until retry-after, and does not count an attempt", async () => {
    const now = Date.now();
    const ids = queue(5, now);
    fake.failNext(1, 429, { retryAfterSeconds: 2 });
    const rateLimitedBefore = (await metrics().providerRateLimited.get()).values[0]?.value ?? 0;
    const first = await deliverOutbox({ now });
    // The operator's metric counts the provider's 429.
    expect((await metrics().providerRateLimited.get()).values[0]?.value).toBe(rateLimitedBefore + 1);
    expect(first).toMatchObject({ claimed: 5, sent: 0, retried: 5, pausedUntil: now + 2_000 });
    const waiting = rows(ids);
    expect(waiting.every((r) => r.status === "queued" && r.attempts === 0 && r.nextAttemptAt === now + 2_000)).toBe(true);
    expect(waiting[0].lastError).toContain("429");

    // Paused: no request leaves before the window reopens.
    const paused = await deliverOutbox({ now: now + 1_000 });
    expect(paused).toMatchObject({ claimed: 0, pausedUntil: now + 2_000 });
    expect(fake.stats().requests).toBe(1);

    const resumed = await deliverOutbox({ now: now + 2_000 });
    expect(resumed).toMatchObject({ claimed: 5, sent: 5 });
    const requests = fake.requests();
    expect(requests[1].idempotencyKey).toBe(requests[0].idempotencyKey);
    expect(fake.emails()).toHaveLength(5);
    expect(rows(ids).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("under a real rate limit, waits for the window the headers announce and loses nothing", async () => {
    fake.setRateLimit(1);
    const ids = queue(150);
    // Start at the beginning of a second so both calls below fall in the same window.
    await new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000) + 5));
    const first = await deliverOutbox();
    expect(first.sent).toBe(100);
    // `ratelimit-remaining: 0` on the answer pauses the sender before it earns a 429.
    expect(first.pausedUntil).not.toBeNull();
    const second = await deliverOutbox();
    expect(second.claimed).toBe(0);
    expect(fake.stats().requests).toBe(1);

    await new Promise((r) => setTimeout(r, first.pausedUntil! - Date.now() + 5));
    const third = await deliverOutbox();
    expect(third.sent).toBe(50);
    expect(fake.stats().rateLimited).toBe(0);
    expect(fake.emails()).toHaveLength(150);
    expect(rows(ids).every((r) => r.status === "sent")).toBe(true);
  });

  it("retries 5xx answers with growing, jittered backoff under the same key, then succeeds once", async () => {
    const now = Date.now();
    const [id] = queue(1, now);
    fake.failNext(2, 500);

    const first = await deliverOutbox({ now });
    expect(first).toMatchObject({ claimed: 1, retried: 1 });
    const afterOne = rows([id])[0];
    expect(afterOne).toMatchObject({ status: "queued", attempts: 1 });
    expect(afterOne.lastError).toContain("HTTP 500");
    expect(afterOne.nextAttemptAt).toBeGreaterThan(now);
    expect(afterOne.nextAttemptAt).toBeLessThanOrEqual(now + 15_000);

    // Not due yet: nothing is sent early.
    expect((await deliverOutbox({ now: afterOne.nextAttemptAt - 1 })).claimed).toBe(0);

    await deliverOutbox({ now: afterOne.nextAttemptAt });
    const afterTwo = rows([id])[0];
    expect(afterTwo).toMatchObject({ status: "queued", attempts: 2 });
    expect(afterTwo.nextAttemptAt - afterOne.nextAttemptAt).toBeLessThanOrEqual(30_000);

    const last = await deliverOutbox({ now: afterTwo.nextAttemptAt });
    expect(last.sent).toBe(1);
    expect(rows([id])[0]).toMatchObject({ status: "sent", attempts: 3 });
    expect(fake.emails()).toHaveLength(1);
    expect(new Set(fake.requests().map((r) => r.idempotencyKey)).size).toBe(1);
  });

  it("treats a timeout as a retry; the resend is recognized, so the slow first attempt is not doubled", async () => {
    const now = Date.now();
    const [id] = queue(1, now);
    fake.delayNext(1, 400);
    const first = await deliverOutbox({ now, timeoutMs: 100 });
    expect(first.retried).toBe(1);
    expect(rows([id])[0].lastError).toContain("no response");

    // The provider finished the slow request after we gave up on it.
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.emails()).toHaveLength(1);

    const retry = await deliverOutbox({ now: rows([id])[0].nextAttemptAt });
    expect(retry.sent).toBe(1);
    expect(fake.emails()).toHaveLength(1);
    expect(rows([id])[0].providerId).toBe(fake.emails()[0].id);
  });

  describe("an error the SDK could not map is temporary, never a refusal", () => {
    const malformed: [string, { status: number; rawBody?: string; name?: string }][] = [
      ["a 500 whose JSON has no status, name or message", { status: 500, rawBody: '{"error":"upstream exploded"}' }],
      ["a 500 whose body is JSON null", { status: 500, rawBody: "null" }],
      ["a 502 whose body is a proxy's HTML page", { status: 502, rawBody: "<html><body>Bad gateway</body></html>" }],
      ["a 500 naming an error Resend does not document", { status: 500, rawBody: '{"name":"brand_new_error","message":"Something new"}' }],
      ["a 500 with an unknown error name", { status: 500, name: "brand_new_error" }],
    ];
    for (const [what, failure] of malformed) {
      it(`retries ${what} with backoff, then delivers once`, async () => {
        const now = Date.now();
        const [id] = queue(1, now);
        fake.failNext(1, failure.status, { rawBody: failure.rawBody, name: failure.name });
        const first = await deliverOutbox({ now });
        expect(first).toMatchObject({ claimed: 1, retried: 1, dead: 0 });
        const row = rows([id])[0];
        expect(row).toMatchObject({ status: "queued", attempts: 1 });
        expect(row.nextAttemptAt).toBeGreaterThan(now);
        expect(row.lastError).toMatch(/^Resend /);
        expect((await deliverOutbox({ now: row.nextAttemptAt })).sent).toBe(1);
        expect(fake.emails()).toHaveLength(1);
      });
    }

    it("a wave's batch of 100 meeting one malformed 500 loses nobody: all retried whole, then each sent once", async () => {
      const now = Date.now();
      const ids = queue(100, now);
      fake.failNext(1, 500, { rawBody: '{"message":null}', path: "/emails/batch" });
      expect(await deliverOutbox({ now })).toMatchObject({ claimed: 100, retried: 100, dead: 0 });
      const waiting = rows(ids);
      expect(waiting.every((r) => r.status === "queued" && r.attempts === 1)).toBe(true);
      expect(new Set(waiting.map((r) => r.batchId)).size).toBe(1);
      expect(await deliverOutbox({ now: waiting[0].nextAttemptAt })).toMatchObject({ claimed: 100, sent: 100 });
      expect(fake.emails()).toHaveLength(100);
      expect(new Set(fake.emails().map((e) => e.to[0])).size).toBe(100);
      expect(fake.requests().map((r) => r.status)).toEqual([500, 200]);
    });
  });

  it("never resends under a new key a batch the provider says it saw with another body (409 invalid_idempotent_request)", async () => {
    const ids = queue(3);
    fake.failNext(1, 409, { name: "invalid_idempotent_request", path: "/emails/batch" });
    expect(await deliverOutbox()).toMatchObject({ claimed: 3, sent: 0, dead: 3 });
    // Not split into single sends under new keys: those could deliver a second copy.
    expect(fake.requests().map((r) => r.path)).toEqual(["/emails/batch"]);
    expect(rows(ids).every((r) => r.status === "dead" && r.lastError?.includes("not sent again"))).toBe(true);
  });

  it(`dead-letters after ${MAX_DELIVERY_ATTEMPTS} failed attempts, keeping the last error`, async () => {
    let now = Date.now();
    const [id] = queue(1, now);
    fake.failNext(MAX_DELIVERY_ATTEMPTS, 503);
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      await deliverOutbox({ now });
      now = rows([id])[0].nextAttemptAt;
    }
    const row = rows([id])[0];
    expect(row).toMatchObject({ status: "dead", attempts: MAX_DELIVERY_ATTEMPTS });
    expect(row.lastError).toContain(`Gave up after ${MAX_DELIVERY_ATTEMPTS} attempts`);
    expect(row.lastError).toContain("HTTP 503");
    expect(fake.stats().requests).toBe(MAX_DELIVERY_ATTEMPTS);
    expect((await deliverOutbox({ now: now + 86_400_000 })).claimed).toBe(0);
    expect(fake.emails()).toHaveLength(0);
  });

  it("dead-letters an email the provider refuses (422) at once, with its message", async () => {
    fake.rejectRecipient("nobody@example.com");
    const [id] = queue(1, Date.now(), () => "nobody@example.com");
    const step = await deliverOutbox();
    expect(step).toMatchObject({ claimed: 1, dead: 1 });
    const row = rows([id])[0];
    expect(row).toMatchObject({ status: "dead", attempts: 1 });
    expect(row.lastError).toContain("HTTP 422");
    expect(row.lastError).toContain("nobody@example.com cannot receive email");
  });

  it("splits a batch refused as a whole, so the good emails still go out and only the bad one dies", async () => {
    fake.rejectRecipient("person1@example.com");
    const ids = queue(3);
    const step = await deliverOutbox();
    expect(step).toMatchObject({ claimed: 3, sent: 2, dead: 1 });
    expect(fake.requests().map((r) => [r.path, r.status])).toEqual([
      ["/emails/batch", 422],
      ["/emails", 200],
      ["/emails", 422],
      ["/emails", 200],
    ]);
    const after = rows(ids);
    expect(after.map((r) => r.status)).toEqual(["sent", "dead", "sent"]);
    expect(
      fake
        .emails()
        .map((e) => e.to[0])
        .sort(),
    ).toEqual(["person0@example.com", "person2@example.com"]);
  });

  it("retries a split-out email on its own, under its own key, after a server error", async () => {
    fake.rejectRecipient("person1@example.com");
    const now = Date.now();
    const ids = queue(2, now);
    fake.failNext(1, 500, { path: "/emails" });
    // The batch is refused (422); alone, person0 meets a 500 and person1 is refused.
    const first = await deliverOutbox({ now });
    expect(first).toMatchObject({ claimed: 2, sent: 0, retried: 1, dead: 1 });
    const [retrying, refused] = rows(ids);
    expect(retrying).toMatchObject({ status: "queued", attempts: 1 });
    expect(refused).toMatchObject({ status: "dead" });

    const second = await deliverOutbox({ now: retrying.nextAttemptAt });
    expect(second).toMatchObject({ claimed: 1, sent: 1 });
    const requests = fake.requests();
    expect(requests.map((r) => [r.path, r.status])).toEqual([
      ["/emails/batch", 422],
      ["/emails", 500],
      ["/emails", 422],
      ["/emails", 200],
    ]);
    expect(requests[3].idempotencyKey).toBe(`outbox-${retrying.id}-${retrying.createdAt}`);
    expect(requests[3].idempotencyKey).toBe(requests[1].idempotencyKey);
    expect(fake.emails().map((e) => e.to[0])).toEqual(["person0@example.com"]);
  });
});
