import { describe, expect, it } from "vitest";
import { action as staffLoginAction } from "../../app/routes/cs.login";
import { signInStaff, STAFF_SIGN_IN_LIMITS } from "../../app/services/sign-in-staff.server";
import { sqlite } from "../../app/utils/db.server";
import { hashPassword } from "../../app/utils/password.server";
import { hit } from "../../app/utils/rate-limit.server";
import { createStaff, formRequest } from "../factories";

const args = (request: Request) => ({ request, params: {}, context: {} });
const PASSWORD = "the-real-password-42";

let ipCounter = 0;
/** Rate limits persist in the database: each test signs in from its own addresses. */
const freshIp = () => `203.0.113.${++ipCounter}`;

async function staffWithPassword() {
  return createStaff("admin", { passwordHash: await hashPassword(PASSWORD) });
}
function from(ip: string) {
  return new Request("http://localhost/cs/login", { method: "POST", headers: { "x-kizuna-client-ip": ip } });
}
async function signInVia(email: string, password: string, ip: string) {
  return staffLoginAction(args(formRequest("/cs/login", { email, password }, undefined, { "x-kizuna-client-ip": ip })));
}
function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: ResponseInit | null }).init?.status ?? 200;
}
function auditCount(action: string, email: string) {
  const row = sqlite().prepare("SELECT count(*) AS n FROM audit_log WHERE action = ? AND json_extract(detail, '$.email') = ?").get(action, email) as {
    n: number;
  };
  return row.n;
}

/** An attacker's waits are recorded instead of slept, so the tests stay fast; the route test below sleeps for real. */
function recordWaits() {
  const waits: number[] = [];
  return { waits, wait: async (ms: number) => void waits.push(ms) };
}

describe("staff sign-in under attack", () => {
  it("an attacker's 50 failures from one address do not stop the real user's correct password from another", async () => {
    const admin = await staffWithPassword();
    const attacker = freshIp();
    const answers: number[] = [];
    for (let i = 0; i < 50; i++) answers.push(statusOf(await signInVia(admin.email, `guess-${i}`, attacker)));
    // The guessing is slowed to a stop: five tries, then a wall for that address.
    expect(answers.slice(0, STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit)).toEqual(Array(STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit).fill(401));
    expect(new Set(answers.slice(STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit))).toEqual(new Set([429]));
    // Even the right password is refused from the attacker's address now.
    expect(statusOf(await signInVia(admin.email, PASSWORD, attacker))).toBe(429);

    const owner = await signInVia(admin.email, PASSWORD, freshIp());
    expect(statusOf(owner)).toBe(302);
    expect((owner as Response).headers.get("Set-Cookie")).toMatch(/kizuna_staff=/);
  });

  it("attackers on many addresses slow the account down but never wall its owner out", async () => {
    const admin = await staffWithPassword();
    const attackerWaits = recordWaits();
    let failures = 0;
    for (let bot = 0; bot < 8; bot++) {
      const ip = freshIp();
      for (let i = 0; i < STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit; i++) {
        expect(await signInStaff(from(ip), admin.email, `bot-${bot}-${i}`, { wait: attackerWaits.wait })).toEqual({ ok: false, reason: "invalid" });
        failures++;
      }
    }
    expect(failures).toBe(40);
    // Past the account's threshold every guess waited, whichever address it came from.
    expect(attackerWaits.waits).toHaveLength(failures - STAFF_SIGN_IN_LIMITS.perEmail.limit);
    expect(new Set(attackerWaits.waits)).toEqual(new Set([STAFF_SIGN_IN_LIMITS.underAttackDelayMs]));

    const ownerWaits = recordWaits();
    const owner = await signInStaff(from(freshIp()), admin.email, PASSWORD, { wait: ownerWaits.wait });
    expect(owner.ok).toBe(true);
    expect(ownerWaits.waits).toEqual([STAFF_SIGN_IN_LIMITS.underAttackDelayMs]);
  });

  it("the delay is real through the sign-in page, and the owner still lands in the console", async () => {
    const admin = await staffWithPassword();
    // The account's failure window is already full (as after the attack above).
    for (let i = 0; i < STAFF_SIGN_IN_LIMITS.perEmail.limit; i++) hit(`staff-login:email:${admin.email}`, STAFF_SIGN_IN_LIMITS.perEmail);
    const started = performance.now();
    const owner = await signInVia(admin.email, PASSWORD, freshIp());
    expect(performance.now() - started).toBeGreaterThanOrEqual(STAFF_SIGN_IN_LIMITS.underAttackDelayMs - 50);
    expect(statusOf(owner)).toBe(302);
    expect((owner as Response).headers.get("Location")).toBe("/cs");
  });

  it("counts only failures: signing in correctly again and again from one address is never limited", async () => {
    const admin = await staffWithPassword();
    const ip = freshIp();
    for (let i = 0; i < STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit * 3; i++) {
      expect((await signInStaff(from(ip), admin.email, PASSWORD)).ok).toBe(true);
    }
  });

  it("a success forgets that address's failures on the account", async () => {
    const admin = await staffWithPassword();
    const ip = freshIp();
    for (let i = 0; i < STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit - 1; i++) expect(statusOf(await signInVia(admin.email, "typo", ip))).toBe(401);
    expect(statusOf(await signInVia(admin.email, PASSWORD, ip))).toBe(302);
    for (let i = 0; i < STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit; i++) expect(statusOf(await signInVia(admin.email, "typo again", ip))).toBe(401);
    expect(statusOf(await signInVia(admin.email, "typo again", ip))).toBe(429);
  });

  it("stops one address spraying guesses across many accounts, unknown ones included", async () => {
    const ip = freshIp();
    for (let i = 0; i < STAFF_SIGN_IN_LIMITS.perIp.limit; i++) {
      expect(statusOf(await signInVia(`someone${i}@spray.example`, "Winter2026!", ip))).toBe(401);
    }
    const admin = await staffWithPassword();
    const refused = await signInVia(admin.email, PASSWORD, ip);
    expect(statusOf(refused)).toBe(429);
    expect(Number(new Headers((refused as { init: ResponseInit }).init.headers).get("Retry-After"))).toBeGreaterThan(0);
    expect(auditCount("auth.sign_in_throttled", admin.email)).toBe(1);
    // The same account from elsewhere is untouched.
    expect(statusOf(await signInVia(admin.email, PASSWORD, freshIp()))).toBe(302);
  });

  it("counts parallel guesses before checking them, so a burst cannot slip past the limit", async () => {
    const admin = await staffWithPassword();
    const ip = freshIp();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signInStaff(from(ip), admin.email, `burst-${i}`)));
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit);
    expect(results.filter((r) => !r.ok && r.reason === "rate-limited")).toHaveLength(20 - STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit);
  });
});
