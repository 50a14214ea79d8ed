import { Resend } from "resend";
import { describe, expect, it } from "vitest";
import { signSvix, svixKey, verifySvix, InvalidWebhookSecretError } from "./svix.server";

const SECRET = `whsec_${Buffer.from("a test secret of thirty-two bytes").toString("base64")}`;
const OTHER = `whsec_${Buffer.from("another secret entirely, not ours").toString("base64")}`;
const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);
const TS = String(NOW / 1000);
const BODY = '{"type":"email.delivered","data":{"email_id":"abc"}}';

const headers = (signature: string | null, timestamp: string | null = TS, id: string | null = "msg_1") => ({ id, timestamp, signature });

describe("Svix webhook verification", () => {
  // Svix's published test vector: computed outside this module, so a wrong HMAC input cannot pass.
  it("matches Svix's published signature vector", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const [id, ts, body] = ["msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", '{"test": 2432232314}'];
    const signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    expect(signSvix(secret, id, ts, body)).toBe(signature);
    expect(verifySvix(secret, headers(signature, ts, id), body, Number(ts) * 1000)).toEqual({ ok: true, id, timestampMs: Number(ts) * 1000 });
  });

  it("agrees with the Resend SDK's own verifier (webhooks.verify)", () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = signSvix(SECRET, "msg_sdk", ts, BODY);
    const verifyWithSdk = (sig: string) =>
      new Resend("re_test").webhooks.verify({ payload: BODY, headers: { id: "msg_sdk", timestamp: ts, signature: sig }, webhookSecret: SECRET });
    expect(verifyWithSdk(signature)).toMatchObject({ type: "email.delivered" });
    expect(() => verifyWithSdk(signSvix(OTHER, "msg_sdk", ts, BODY))).toThrow();
  });

  it("accepts the signature the secret makes over id, timestamp and raw body", () => {
    const result = verifySvix(SECRET, headers(signSvix(SECRET, "msg_1", TS, BODY)), BODY, NOW);
    expect(result).toEqual({ ok: true, id: "msg_1", timestampMs: NOW });
  });

  it("accepts when any of several listed signatures matches (secret rotation)", () => {
    const list = `${signSvix(OTHER, "msg_1", TS, BODY)} v2,ignored ${signSvix(SECRET, "msg_1", TS, BODY)}`;
    expect(verifySvix(SECRET, headers(list), BODY, NOW).ok).toBe(true);
  });

  it("refuses a wrong secret, an altered body, another id or timestamp (401)", () => {
    const good = signSvix(SECRET, "msg_1", TS, BODY);
    expect(verifySvix(SECRET, headers(signSvix(OTHER, "msg_1", TS, BODY)), BODY, NOW)).toMatchObject({ ok: false, status: 401 });
    expect(verifySvix(SECRET, headers(good), BODY.replace("abc", "abd"), NOW)).toMatchObject({ ok: false, status: 401 });
    expect(verifySvix(SECRET, headers(good, TS, "msg_2"), BODY, NOW)).toMatchObject({ ok: false, status: 401 });
    const later = String(Number(TS) + 1);
    expect(verifySvix(SECRET, headers(good, later), BODY, NOW)).toMatchObject({ ok: false, status: 401 });
    expect(verifySvix(SECRET, headers("v1,AAAA v1,not base64!"), BODY, NOW)).toMatchObject({ ok: false, status: 401 });
  });

  it("refuses timestamps more than 5 minutes old or ahead (401), accepts within", () => {
    for (const offset of [-301, 301]) {
      const ts = String(Number(TS) + offset);
      expect(verifySvix(SECRET, headers(signSvix(SECRET, "msg_1", ts, BODY), ts), BODY, NOW)).toMatchObject({ ok: false, status: 401 });
    }
    for (const offset of [-300, 299]) {
      const ts = String(Number(TS) + offset);
      expect(verifySvix(SECRET, headers(signSvix(SECRET, "msg_1", ts, BODY), ts), BODY, NOW).ok).toBe(true);
    }
  });

  it("refuses missing headers and a malformed timestamp (400), naming what is wrong", () => {
    const result = verifySvix(SECRET, headers(null, null), BODY, NOW);
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(!result.ok && result.message).toContain("svix-timestamp, svix-signature");
    expect(verifySvix(SECRET, headers("v1,x", "12.5"), BODY, NOW)).toMatchObject({ ok: false, status: 400 });
  });

  it("rejects a secret that is not whsec_<base64>", () => {
    expect(() => svixKey("plain-secret")).toThrow(InvalidWebhookSecretError);
    expect(svixKey(SECRET).toString()).toBe("a test secret of thirty-two bytes");
  });
});
