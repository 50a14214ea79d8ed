import { spawn } from "node:child_process";
import { Resend } from "resend";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeResend } from "../fake-resend/server";

// The fake stands in for Resend in every delivery test and in e2e, so it is checked against
// what the real SDK sends and expects.
const fake = await startFakeResend();
const resend = new Resend("re_fake_key", { baseUrl: fake.url });
const email = (to: string, subject = "Hello") => ({ from: "Kizuna <nps@kizuna.test>", to: [to], subject, html: "<p>Hi</p>", text: "Hi" });

afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.setRateLimit(null);
});

describe("fake Resend", () => {
  it("sends one email and a batch in the shapes the SDK expects", async () => {
    const single = await resend.emails.send(email("a@example.com"));
    expect(single.error).toBeNull();
    expect(single.data?.id).toMatch(/^[0-9a-f-]{36}$/);
    const batch = await resend.batch.send([email("b@example.com"), email("c@example.com")]);
    expect(batch.error).toBeNull();
    expect(batch.data?.data).toHaveLength(2);
    expect(fake.emails().map((e) => e.to[0])).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
  });

  it("requires an API key", async () => {
    const response = await fetch(`${fake.url}/emails`, { method: "POST", body: JSON.stringify(email("a@example.com")) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ statusCode: 401, name: "missing_api_key" });
  });

  it("refuses a batch of more than 100 and an invalid email, with Resend's error shape", async () => {
    const tooMany = await resend.batch.send(Array.from({ length: 101 }, (_, i) => email(`p${i}@example.com`)));
    expect(tooMany.error).toMatchObject({ statusCode: 422, name: "validation_error" });
    const invalid = await resend.emails.send({ ...email("a@example.com"), to: ["not-an-address"] });
    expect(invalid.error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(fake.emails()).toHaveLength(0);
  });

  it("honours idempotency keys: a replay returns the same answer, another body is a conflict", async () => {
    const first = await resend.emails.send(email("a@example.com"), { idempotencyKey: "welcome/1" });
    const again = await resend.emails.send(email("a@example.com"), { idempotencyKey: "welcome/1" });
    expect(again.data?.id).toBe(first.data?.id);
    const other = await resend.emails.send(email("a@example.com", "Different"), { idempotencyKey: "welcome/1" });
    expect(other.error).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" });
    expect(fake.emails()).toHaveLength(1);
    expect(fake.stats()).toMatchObject({ requests: 3, emails: 1, replayed: 1 });
  });

  it("answers 409 to a duplicate while the original is still in progress", async () => {
    fake.delayNext(1, 200);
    const [slow, concurrent] = await Promise.all([
      resend.emails.send(email("a@example.com"), { idempotencyKey: "k" }),
      new Promise((r) => setTimeout(r, 50)).then(() => resend.emails.send(email("a@example.com"), { idempotencyKey: "k" })),
    ]);
    expect(slow.error).toBeNull();
    expect(concurrent.error).toMatchObject({ statusCode: 409, name: "concurrent_idempotent_requests" });
  });

  it("rate-limits with retry-after and ratelimit-* headers", async () => {
    fake.setRateLimit(1);
    await new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000) + 5));
    const ok = await resend.emails.send(email("a@example.com"));
    expect(ok.headers).toMatchObject({ "ratelimit-limit": "1", "ratelimit-remaining": "0" });
    const limited = await resend.emails.send(email("b@example.com"));
    expect(limited.error).toMatchObject({ statusCode: 429, name: "rate_limit_exceeded" });
    expect(Number(limited.headers?.["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(limited.headers?.["ratelimit-reset"]).toBeDefined();
  });

  it("injects failures and reports a network failure as statusCode null to the SDK", async () => {
    fake.failNext(1, 503);
    const failed = await resend.emails.send(email("a@example.com"));
    expect(failed.error).toMatchObject({ statusCode: 503 });
    const unreachable = await new Resend("re_x", { baseUrl: "http://127.0.0.1:1" }).emails.send(email("a@example.com"));
    expect(unreachable.error).toMatchObject({ statusCode: null });
  });

  it("serves read-back and control endpoints over HTTP for end-to-end tests", async () => {
    await resend.emails.send(email("Reader@Example.com"), { idempotencyKey: "read/1" });
    const listed = await (await fetch(`${fake.url}/_test/emails?to=reader@example.com`)).json();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ subject: "Hello", html: "<p>Hi</p>", text: "Hi", idempotencyKey: "read/1" });
    expect(await (await fetch(`${fake.url}/_test/stats`)).json()).toMatchObject({ requests: 1, emails: 1 });

    await fetch(`${fake.url}/_test/fail`, { method: "POST", body: JSON.stringify({ count: 1, status: 500 }) });
    expect((await resend.emails.send(email("x@example.com"))).error).toMatchObject({ statusCode: 500 });

    expect((await fetch(`${fake.url}/_test/emails`, { method: "DELETE" })).status).toBe(200);
    expect(await (await fetch(`${fake.url}/_test/emails`)).json()).toEqual([]);
  });

  it("runs standalone with `tsx test/fake-resend/server.ts`", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/fake-resend/server.ts"], {
      env: { ...process.env, PORT: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          const match = /listening on (\S+)/.exec(chunk.toString());
          if (match) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
      });
      const standalone = new Resend("re_key", { baseUrl: url });
      expect((await standalone.emails.send(email("a@example.com"))).error).toBeNull();
      expect(await (await fetch(`${url}/_test/stats`)).json()).toMatchObject({ emails: 1 });
    } finally {
      child.kill("SIGTERM");
    }
  });
});
