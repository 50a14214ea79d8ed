import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, staffRecoveryCodes, staffSessions, users } from "../../db/schema";
import { wordMessage } from "../../app/domain/field-message";
import { loader as rootLoader } from "../../app/root";
import { action as loginAction } from "../../app/routes/cs.login";
import { action as codeAction, loader as codeLoader } from "../../app/routes/cs_.login.code";
import { action as setupAction, loader as setupLoader } from "../../app/routes/cs_.two-factor";
import { loader as profileLoader } from "../../app/routes/cs.profile";
import { action as signInSettingsAction } from "../../app/routes/cs.settings.sign-in";
import { action as userAction } from "../../app/routes/cs.users_.$id";
import { putSetting } from "../../app/models/settings.server";
import { STAFF_SIGN_IN_LIMITS } from "../../app/services/sign-in-staff.server";
import { resetTwoFactor, updateStaffSignInSettings } from "../../app/services/staff-two-factor.server";
import { getStaff } from "../../app/utils/auth.server";
import { db } from "../../app/utils/db.server";
import { hashPassword } from "../../app/utils/password.server";
import { startSession } from "../../app/utils/session.server";
import { totpCode } from "../../app/utils/totp.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

const PASSWORD = "the-real-password-42";
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

let ipCounter = 0;
/** Rate limits persist in the database: each sign-in comes from its own address unless a test says otherwise. */
const freshIp = () => `198.51.100.${++ipCounter}`;

type Reply = { data: Record<string, unknown> & { result?: { error?: Record<string, string[]> } }; init?: ResponseInit | null };

async function settle(promise: Promise<unknown>): Promise<Response | Reply> {
  try {
    return (await promise) as Response | Reply;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}
const statusOf = (result: Response | Reply) => (result instanceof Response ? result.status : (result.init?.status ?? 200));
const locationOf = (result: Response | Reply) => (result instanceof Response ? result.headers.get("Location") : null);
const cookieOf = (result: Response | Reply) => (result as Response).headers.get("Set-Cookie")!.split(";")[0];
const formErrors = (result: Response | Reply) => ((result as Reply).data as { error?: Record<string, string[]> }).error?.[""] ?? [];

async function staffWithPassword(role: "admin" | "csm" = "csm") {
  return createStaff(role, { passwordHash: await hashPassword(PASSWORD) });
}

async function signInWithPassword(email: string, ip = freshIp(), redirectTo = "/cs/responses") {
  return settle(loginAction(args(formRequest("/cs/login", { email, password: PASSWORD, redirectTo }, undefined, { "x-kizuna-client-ip": ip }))));
}

/** Enrols a user from a signed-in session (start, read the key off the page, confirm a code); returns the secret and the recovery codes. */
async function enrol(cookie: string) {
  expect(statusOf(await settle(setupAction(args(formRequest("/cs/two-factor", { intent: "start" }, cookie)))))).toBe(302);
  const page = (await setupLoader(args(getRequest("/cs/two-factor", cookie)))) as Awaited<ReturnType<typeof setupLoader>>;
  const secret = page.enrolment!.secret;
  const confirmed = (await settle(
    setupAction(args(formRequest("/cs/two-factor", { intent: "confirm", code: totpCode(secret, Date.now()) }, cookie))),
  )) as Reply;
  const recoveryCodes = confirmed.data.recoveryCodes as string[];
  return { secret, recoveryCodes, page };
}

async function enrolledUser(role: "admin" | "csm" = "csm") {
  const user = await staffWithPassword(role);
  const { secret, recoveryCodes } = await enrol(await staffCookie(user.id));
  return { user, secret, recoveryCodes };
}

async function submitCode(cookie: string, code: string, ip: string, redirectTo = "/cs/responses") {
  return settle(codeAction(args(formRequest("/cs/login/code", { code, redirectTo }, cookie, { "x-kizuna-client-ip": ip }))));
}

describe("setting up two-factor from one's own page", () => {
  it("shows a key as text, an otpauth:// URI and a QR code, turns on with a right code, and never shows the key again", async () => {
    const user = await staffWithPassword();
    const cookie = await staffCookie(user.id);
    const other = await staffCookie(user.id);
    const before = (await setupLoader(args(getRequest("/cs/two-factor", cookie)))) as Awaited<ReturnType<typeof setupLoader>>;
    expect(before.status.enabled).toBe(false);
    expect(before.enrolment).toBeNull();

    const { secret, recoveryCodes, page } = await enrol(cookie);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(page.enrolment!.uri).toBe(
      `otpauth://totp/Kizuna:${encodeURIComponent(user.email)}?secret=${secret}&issuer=Kizuna&algorithm=SHA1&digits=6&period=30`,
    );
    expect(page.enrolment!.qrSvg).toMatch(/^<svg[^>]*viewBox/);
    expect(recoveryCodes).toHaveLength(10);

    // At rest: the secret sealed, the recovery codes hashed.
    const row = db.select().from(users).where(eq(users.id, user.id)).get()!;
    expect(row.totpEnabledAt).not.toBeNull();
    expect(row.totpPendingSecret).toBeNull();
    expect(row.totpSecret).not.toContain(secret);
    const stored = db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, user.id)).all();
    expect(stored).toHaveLength(10);
    for (const code of recoveryCodes) expect(JSON.stringify(stored)).not.toContain(code.replace("-", ""));

    const after = (await setupLoader(args(getRequest("/cs/two-factor", cookie)))) as Awaited<ReturnType<typeof setupLoader>>;
    expect(after.status).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(after.enrolment).toBeNull();
    expect(JSON.stringify(after)).not.toContain(secret);
    // The session that set it up stays; another one, which got in without the second factor, is gone.
    expect(await getStaff(getRequest("/cs", cookie))).not.toBeNull();
    expect(await getStaff(getRequest("/cs", other))).toBeNull();
    const audited = db.select().from(auditLog).where(eq(auditLog.action, "user.two_factor_enabled")).all();
    expect(audited.map((a) => a.entityId)).toContain(String(user.id));
  });

  it("refuses a wrong code, and says why in the person's language", async () => {
    const user = createStaff("csm", { locale: "ja" });
    const cookie = await staffCookie(user.id);
    await settle(setupAction(args(formRequest("/cs/two-factor", { intent: "start" }, cookie))));
    const page = (await setupLoader(args(getRequest("/cs/two-factor", cookie)))) as Awaited<ReturnType<typeof setupLoader>>;
    const right = totpCode(page.enrolment!.secret, Date.now());
    const wrong = right === "000000" ? "111111" : "000000";
    const refused = (await settle(setupAction(args(formRequest("/cs/two-factor", { intent: "confirm", code: wrong }, cookie))))) as Reply;
    expect(statusOf(refused)).toBe(400);
    expect(refused.data.recoveryCodes).toBeNull();
    const message = (refused.data.result!.error!.code ?? []).map((m) => wordMessage(m, "ja"));
    expect(message.join("")).toContain("コードが一致しません");
    expect(db.select().from(users).where(eq(users.id, user.id)).get()!.totpEnabledAt).toBeNull();
  });
});

describe("new recovery codes", () => {
  it("replaces them when proved with an unused code from the app: the old ones stop working, the new ones work once", async () => {
    const { user, secret, recoveryCodes } = await enrolledUser();
    const cookie = await staffCookie(user.id);
    const replay = totpCode(secret, Date.now() + 30_000);
    const replaced = (await settle(setupAction(args(formRequest("/cs/two-factor", { intent: "recovery", code: replay }, cookie))))) as Reply;
    expect(statusOf(replaced)).toBe(200);
    expect(replaced.data.replaced).toBe(true);
    const fresh = replaced.data.recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[0]);
    // The same app code cannot be used twice, here either.
    const again = (await settle(setupAction(args(formRequest("/cs/two-factor", { intent: "recovery", code: replay }, cookie))))) as Reply;
    expect(statusOf(again)).toBe(400);
    expect(again.data.recoveryCodes).toBeNull();

    const ip = freshIp();
    expect(statusOf(await submitCode(cookieOf(await signInWithPassword(user.email, ip)), recoveryCodes[0], ip))).toBe(401);
    expect(statusOf(await submitCode(cookieOf(await signInWithPassword(user.email, ip)), fresh[0], ip))).toBe(302);
    const audited = db.select().from(auditLog).where(eq(auditLog.action, "user.recovery_codes_replaced")).all().at(-1);
    expect(audited).toMatchObject({ actorUserId: user.id, entityId: String(user.id) });
  });
});

describe("signing in with a password and a code", () => {
  it("holds the session at the code step, where it reaches no console page, then lets the right code in", async () => {
    const { user, secret } = await enrolledUser();
    const ip = freshIp();
    const password = await signInWithPassword(user.email, ip);
    expect(statusOf(password)).toBe(302);
    expect(locationOf(password)).toBe(`/cs/login/code?redirectTo=${encodeURIComponent("/cs/responses")}`);
    const pending = cookieOf(password);

    // Half-way: not signed in anywhere in the console.
    expect(await getStaff(getRequest("/cs", pending))).toBeNull();
    const held = await settle(profileLoader(args(getRequest("/cs/profile", pending))));
    expect(statusOf(held)).toBe(302);
    expect(locationOf(held)).toMatch(/^\/cs\/login\/code\?redirectTo=/);
    expect(await codeLoader(args(getRequest("/cs/login/code", pending)))).toMatchObject({ title: expect.any(String) });

    const code = totpCode(secret, Date.now() + 30_000);
    const signedIn = await submitCode(pending, code, ip);
    expect(statusOf(signedIn)).toBe(302);
    expect(locationOf(signedIn)).toBe("/cs/responses");
    const session = cookieOf(signedIn);
    expect(await getStaff(getRequest("/cs", session))).toMatchObject({ id: user.id });
    // The half-way cookie was replaced, not promoted.
    expect(await getStaff(getRequest("/cs", pending))).toBeNull();
    const signIns = db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in")).all();
    expect(signIns.filter((a) => a.entityId === String(user.id)).at(-1)?.detail).toEqual({ secondFactor: "totp" });

    // The same code again, in a new sign-in, is refused: a code is accepted once.
    const again = cookieOf(await signInWithPassword(user.email, ip));
    const replay = await submitCode(again, code, ip);
    expect(statusOf(replay)).toBe(401);
    expect(await getStaff(getRequest("/cs", again))).toBeNull();
    const failed = db.select().from(auditLog).where(eq(auditLog.action, "auth.two_factor_failed")).all();
    expect(failed.at(-1)).toMatchObject({ entityId: String(user.id), detail: { replayed: true } });
  });

  it("sends an open redirect home: the code step's redirectTo goes through the same check", async () => {
    const { user, secret } = await enrolledUser();
    const ip = freshIp();
    const pending = cookieOf(await signInWithPassword(user.email, ip));
    const signedIn = await submitCode(pending, totpCode(secret, Date.now() + 30_000), ip, "https://evil.example/cs");
    expect(locationOf(signedIn)).toBe("/cs");
  });

  it("accepts each recovery code once", async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const ip = freshIp();
    const first = await submitCode(cookieOf(await signInWithPassword(user.email, ip)), recoveryCodes[3].toUpperCase(), ip);
    expect(statusOf(first)).toBe(302);
    expect(await getStaff(getRequest("/cs", cookieOf(first)))).toMatchObject({ id: user.id });
    const used = db.select().from(auditLog).where(eq(auditLog.action, "auth.recovery_code_used")).all();
    expect(used.at(-1)).toMatchObject({ entityId: String(user.id), detail: { left: 9 } });

    const second = await submitCode(cookieOf(await signInWithPassword(user.email, ip)), recoveryCodes[3], ip);
    expect(statusOf(second)).toBe(401);
    expect(formErrors(second)[0]).toMatch(/does not match, or it was used already/);
  });

  it("still takes a recovery code when the stored key can no longer be read (SESSION_SECRET replaced)", async () => {
    const { user, secret, recoveryCodes } = await enrolledUser();
    db.update(users).set({ totpSecret: "v1.sealed.under.another-secret" }).where(eq(users.id, user.id)).run();
    const ip = freshIp();
    expect(statusOf(await submitCode(cookieOf(await signInWithPassword(user.email, ip)), totpCode(secret, Date.now() + 30_000), ip))).toBe(401);
    const recovered = await submitCode(cookieOf(await signInWithPassword(user.email, ip)), recoveryCodes[0], ip);
    expect(statusOf(recovered)).toBe(302);
  });

  it("counts wrong codes in the password limiter: guessing stops at the same wall, and even the right code is then refused", async () => {
    const { user, secret } = await enrolledUser();
    const ip = freshIp();
    const pending = cookieOf(await signInWithPassword(user.email, ip));
    const statuses: number[] = [];
    for (let i = 0; i < STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit + 2; i++) {
      const guess = String(100000 + i);
      statuses.push(statusOf(await submitCode(pending, guess === totpCode(secret, Date.now()) ? "999999" : guess, ip)));
    }
    // The password's own count is still there (it is refunded only with a right code): 4 guesses, then the wall.
    expect(statuses.slice(0, STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit - 1)).toEqual(Array(STAFF_SIGN_IN_LIMITS.perEmailAndIp.limit - 1).fill(401));
    expect(statuses.at(-1)).toBe(429);
    expect(statusOf(await submitCode(pending, totpCode(secret, Date.now() + 30_000), ip))).toBe(429);
    // A fresh password sign-in does not reset the count either.
    expect(statusOf(await signInWithPassword(user.email, ip))).toBe(429);
  });

  it("goes back to the password when the half-way session is gone", async () => {
    const user = await staffWithPassword();
    const result = await submitCode(await staffCookie(user.id), "123456", freshIp());
    expect(statusOf(result)).toBe(302);
    expect(locationOf(result)).toBe("/cs/login");
  });
});

describe("requiring two-factor for admins", () => {
  it("sends an admin without it to set it up right after the password, and lets them do nothing else until they have", async () => {
    putSetting("staffSignIn", { requireTwoFactorForAdmins: true });
    try {
      const admin = await staffWithPassword("admin");
      const password = await signInWithPassword(admin.email);
      expect(locationOf(password)).toBe(`/cs/two-factor?redirectTo=${encodeURIComponent("/cs/responses")}`);
      const cookie = cookieOf(password);
      for (const loader of [profileLoader]) {
        const held = await settle(loader(args(getRequest("/cs/profile", cookie))));
        expect(locationOf(held)).toMatch(/^\/cs\/two-factor\?redirectTo=/);
      }
      const settings = await settle(signInSettingsAction(args(formRequest("/cs/settings/sign-in", {}, cookie))));
      expect(locationOf(settings)).toMatch(/^\/cs\/two-factor/);
      expect(await getStaff(getRequest("/cs", cookie))).toBeNull();
      // The page itself speaks the admin's language, knowing who they are.
      expect(await rootLoader(args(getRequest("/cs/two-factor", cookie)))).toMatchObject({ language: expect.any(String) });
      const page = (await setupLoader(args(getRequest("/cs/two-factor?redirectTo=%2Fcs%2Fresponses", cookie)))) as Awaited<ReturnType<typeof setupLoader>>;
      expect(page).toMatchObject({ required: true, next: "/cs/responses" });

      await enrol(cookie);
      expect(await getStaff(getRequest("/cs", cookie))).toMatchObject({ id: admin.id });
      expect(statusOf(await settle(profileLoader(args(getRequest("/cs/profile", cookie)))))).toBe(200);
    } finally {
      putSetting("staffSignIn", { requireTwoFactorForAdmins: false });
    }
  });

  it("holds an admin session begun before the setting was turned on, but not a CSM's, nor an admin's single sign-on", async () => {
    const admin = await staffWithPassword("admin");
    const csm = await staffWithPassword("csm");
    const adminCookie = await staffCookie(admin.id);
    const csmCookie = await staffCookie(csm.id);
    const ssoCookie = (await startSession("staff", admin.id, new Request("http://localhost/"), Date.now(), { method: "oidc" })).split(";")[0];
    putSetting("staffSignIn", { requireTwoFactorForAdmins: true });
    try {
      expect(locationOf(await settle(profileLoader(args(getRequest("/cs/profile", adminCookie)))))).toMatch(/^\/cs\/two-factor/);
      expect(statusOf(await settle(profileLoader(args(getRequest("/cs/profile", csmCookie)))))).toBe(200);
      expect(statusOf(await settle(profileLoader(args(getRequest("/cs/profile", ssoCookie)))))).toBe(200);
      const csmSignIn = await signInWithPassword(csm.email);
      expect(locationOf(csmSignIn)).toBe("/cs/responses");
    } finally {
      putSetting("staffSignIn", { requireTwoFactorForAdmins: false });
    }
  });

  it("lets an admin turn the requirement on only once their own two-factor is on, and audits it", async () => {
    const admin = await staffWithPassword("admin");
    const cookie = await staffCookie(admin.id);
    const refused = (await settle(
      signInSettingsAction(args(formRequest("/cs/settings/sign-in", { intent: "sign-in", requireTwoFactorForAdmins: "on" }, cookie))),
    )) as Reply;
    expect(statusOf(refused)).toBe(409);
    await enrol(cookie);
    const saved = await settle(signInSettingsAction(args(formRequest("/cs/settings/sign-in", { intent: "sign-in", requireTwoFactorForAdmins: "on" }, cookie))));
    expect(statusOf(saved)).toBe(200);
    const row = db.select().from(auditLog).where(eq(auditLog.action, "settings.staff_sign_in_updated")).all().at(-1);
    expect(row).toMatchObject({ actorUserId: admin.id, detail: { requireTwoFactorForAdmins: true } });
    updateStaffSignInSettings(admin, { requireTwoFactorForAdmins: false });
    const csm = createStaff("csm");
    expect(() => updateStaffSignInSettings(csm, { requireTwoFactorForAdmins: false })).toThrow();
  });
});

describe("an admin resetting someone's two-factor", () => {
  it("removes the key and the recovery codes, signs them out everywhere and audits it", async () => {
    const { user } = await enrolledUser();
    const session = await staffCookie(user.id);
    const admin = createStaff("admin");
    const result = await settle(
      userAction(args(formRequest(`/cs/users/${user.id}`, { intent: "two-factor-reset" }, await staffCookie(admin.id)), { id: String(user.id) })),
    );
    expect(statusOf(result)).toBe(302);
    const row = db.select().from(users).where(eq(users.id, user.id)).get()!;
    expect([row.totpSecret, row.totpEnabledAt, row.totpLastStep]).toEqual([null, null, null]);
    expect(db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, user.id)).all()).toEqual([]);
    expect(db.select().from(staffSessions).where(eq(staffSessions.userId, user.id)).all()).toEqual([]);
    expect(await getStaff(getRequest("/cs", session))).toBeNull();
    const audited = db.select().from(auditLog).where(eq(auditLog.action, "user.two_factor_reset")).all().at(-1);
    expect(audited).toMatchObject({ actorUserId: admin.id, entityId: String(user.id) });
    // Next time the password alone signs them in.
    expect(locationOf(await signInWithPassword(user.email))).toBe("/cs/responses");
  });

  it("is refused to a CSM", async () => {
    const { user } = await enrolledUser();
    const csm = createStaff("csm");
    expect(() => resetTwoFactor(csm, user.id)).toThrow(/does not allow/);
    const result = await settle(
      userAction(args(formRequest(`/cs/users/${user.id}`, { intent: "two-factor-reset" }, await staffCookie(csm.id)), { id: String(user.id) })),
    );
    expect(statusOf(result)).toBe(403);
    expect(db.select().from(users).where(eq(users.id, user.id)).get()!.totpEnabledAt).not.toBeNull();
  });
});
