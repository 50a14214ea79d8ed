import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, staffSessions, users } from "../../db/schema";
import { loader as loginLoader } from "../../app/routes/cs.login";
import { action as startAction } from "../../app/routes/cs_.login.oidc";
import { loader as callbackLoader } from "../../app/routes/cs_.login.oidc_.callback";
import { putSetting } from "../../app/models/settings.server";
import { getStaff } from "../../app/utils/auth.server";
import { db } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { createStaff, formRequest, getRequest } from "../factories";
import { startFakeOidc, type FakeOidc } from "../fake-oidc/server";

const args = (request: Request) => ({ request, params: {}, context: {} });
let provider: FakeOidc;
const globalEnv = globalThis as unknown as { __kizunaEnv?: ReturnType<typeof env> };
let originalEnv: ReturnType<typeof env>;

beforeAll(async () => {
  provider = await startFakeOidc();
  originalEnv = env();
  globalEnv.__kizunaEnv = {
    ...originalEnv,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_NAME: "Google",
  };
});
afterAll(async () => {
  globalEnv.__kizunaEnv = originalEnv;
  await provider.close();
});

async function settle(promise: Promise<unknown>): Promise<Response | { data: { reason: string }; init?: ResponseInit | null }> {
  try {
    return (await promise) as Response;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}
const statusOf = (r: Awaited<ReturnType<typeof settle>>) => (r instanceof Response ? r.status : (r.init?.status ?? 200));
const cookiePairs = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((pair) => !pair.endsWith("="));

/** "Sign in with Google" pressed: the app's redirect to the provider and the cookie that remembers the attempt. */
async function start(redirectTo = "/cs/responses") {
  const response = (await startAction(args(formRequest("/cs/login/oidc", { redirectTo })))) as Response;
  expect(response.status).toBe(302);
  return { authorizationUrl: response.headers.get("Location")!, cookie: cookiePairs(response).join("; ") };
}

/** The browser comes back from the provider to the callback with a code (and the state it was given, unless told otherwise). */
async function callback(authorizationUrl: string, cookie: string, code: string, state?: string) {
  const query = new URLSearchParams({ code, state: state ?? new URL(authorizationUrl).searchParams.get("state")! });
  return settle(callbackLoader(args(getRequest(`/cs/login/oidc/callback?${query}`, cookie))));
}

function refusals(reason: string) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, "auth.oidc_refused"))
    .all()
    .filter((row) => (row.detail as { reason?: string } | null)?.reason === reason);
}

describe("single sign-on with OpenID Connect", () => {
  it("offers the provider on the sign-in page", async () => {
    expect(await loginLoader(args(getRequest("/cs/login")))).toMatchObject({ oidc: { name: "Google" } });
  });

  it("signs in an active console user whose verified email matches, with PKCE, state and nonce, and audits it", async () => {
    const user = createStaff("csm", { email: "aiko@customer-success.example" });
    const { authorizationUrl, cookie } = await start();
    const url = new URL(authorizationUrl);
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/authorize`);
    expect(url.searchParams.get("redirect_uri")).toBe(`${env().APP_URL}/cs/login/oidc/callback`);
    expect(url.searchParams.get("scope")).toBe("openid email profile");
    for (const name of ["state", "nonce", "code_challenge"]) expect(url.searchParams.get(name)).toMatch(/^[\w-]{32,}$/);
    // The attempt is remembered in a cookie of its own, not the database.
    expect(cookie).toMatch(/^kizuna_oidc=/);

    const code = provider.issueCode(authorizationUrl, { sub: "google-123", email: "Aiko@Customer-Success.example", email_verified: true });
    const result = await callback(authorizationUrl, cookie, code);
    expect(statusOf(result)).toBe(302);
    const response = result as Response;
    expect(response.headers.get("Location")).toBe("/cs/responses");
    const session = cookiePairs(response).find((pair) => pair.startsWith("kizuna_staff="))!;
    expect(await getStaff(getRequest("/cs", session))).toMatchObject({ id: user.id });
    // The attempt's cookie is cleared with the answer.
    expect(response.headers.getSetCookie().some((c) => /^kizuna_oidc=;/.test(c))).toBe(true);
    const row = db.select().from(staffSessions).where(eq(staffSessions.userId, user.id)).get();
    expect(row).toMatchObject({ method: "oidc", pending: null });
    const signIn = db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in")).all().at(-1);
    expect(signIn).toMatchObject({ actorUserId: user.id, detail: { method: "oidc" } });

    // The code was for one use: the same callback again signs nobody in.
    const again = await callback(authorizationUrl, cookie, code);
    expect(statusOf(again)).toBe(400);
  });

  it("refuses a callback whose state is not this browser's attempt (login CSRF), before asking the provider", async () => {
    createStaff("csm", { email: "state@customer-success.example" });
    const { authorizationUrl, cookie } = await start();
    const code = provider.issueCode(authorizationUrl, { sub: "s1", email: "state@customer-success.example", email_verified: true });
    const before = provider.tokenRequests;
    const result = await callback(authorizationUrl, cookie, code, "someone-elses-state");
    expect(statusOf(result)).toBe(400);
    expect((result as { data: { reason: string } }).data.reason).toBe("failed");
    expect(provider.tokenRequests).toBe(before);
    // Nor with no attempt at all (the cookie missing): an attacker's link from their own sign-in.
    expect(statusOf(await callback(authorizationUrl, "", code))).toBe(400);
    // Nor with the cookie rewritten to carry the attacker's state: it is signed.
    const [name, value] = cookie.split("=");
    const forged = `${name}=${encodeURIComponent(btoa(JSON.stringify({ state: "x", nonce: "x", verifier: "x".repeat(43), redirectTo: "/cs", startedAt: Date.now() })))}`;
    expect(value).not.toBe(forged.split("=")[1]);
    expect(statusOf(await callback(authorizationUrl, forged, code, "x"))).toBe(400);
    expect(refusals("failed").length).toBeGreaterThanOrEqual(2);
  });

  it("refuses an ID token whose nonce is not the one this attempt sent (a replayed token)", async () => {
    createStaff("csm", { email: "nonce@customer-success.example" });
    const { authorizationUrl, cookie } = await start();
    const code = provider.issueCode(authorizationUrl, { sub: "n1", email: "nonce@customer-success.example", email_verified: true, nonce: "another-nonce" });
    const result = await callback(authorizationUrl, cookie, code);
    expect(statusOf(result)).toBe(400);
    expect((result as { data: { reason: string } }).data.reason).toBe("failed");
  });

  it("refuses an email the provider does not say is verified, and names the provider on the page", async () => {
    createStaff("csm", { email: "unverified@customer-success.example" });
    for (const claims of [{ email_verified: false }, {}]) {
      const { authorizationUrl, cookie } = await start();
      const code = provider.issueCode(authorizationUrl, { sub: "u1", email: "unverified@customer-success.example", ...claims });
      const result = await callback(authorizationUrl, cookie, code);
      expect(statusOf(result)).toBe(403);
      expect(result).toMatchObject({ data: { reason: "unverified", provider: "Google" } });
    }
    expect(refusals("unverified").length).toBeGreaterThanOrEqual(2);
  });

  it("takes Entra ID's xms_edov (email domain owner verified) in place of email_verified", async () => {
    const user = createStaff("csm", { email: "kenji@customer-success.example" });
    const { authorizationUrl, cookie } = await start();
    const code = provider.issueCode(authorizationUrl, { sub: "entra-1", email: "kenji@customer-success.example", xms_edov: true });
    const result = (await callback(authorizationUrl, cookie, code)) as Response;
    expect(result.status).toBe(302);
    expect(
      await getStaff(
        getRequest(
          "/cs",
          cookiePairs(result).find((p) => p.startsWith("kizuna_staff="))!,
        ),
      ),
    ).toMatchObject({ id: user.id });
  });

  it("signs nobody up: an unknown email gets a refusal page and no user is created", async () => {
    const { authorizationUrl, cookie } = await start();
    const code = provider.issueCode(authorizationUrl, { sub: "x1", email: "stranger@elsewhere.example", email_verified: true });
    const result = await callback(authorizationUrl, cookie, code);
    expect(statusOf(result)).toBe(403);
    expect(result).toMatchObject({ data: { reason: "no-account" } });
    expect(refusals("no-account").at(-1)?.detail).toMatchObject({ email: "stranger@elsewhere.example" });
    expect(db.select().from(users).where(eq(users.email, "stranger@elsewhere.example")).all()).toEqual([]);
  });

  it("refuses a disabled user", async () => {
    const user = createStaff("admin", { email: "gone@customer-success.example", disabledAt: new Date() });
    const { authorizationUrl, cookie } = await start();
    const code = provider.issueCode(authorizationUrl, { sub: "d1", email: "gone@customer-success.example", email_verified: true });
    const result = await callback(authorizationUrl, cookie, code);
    expect(statusOf(result)).toBe(403);
    expect(result).toMatchObject({ data: { reason: "disabled" } });
    expect(db.select().from(staffSessions).where(eq(staffSessions.userId, user.id)).all()).toEqual([]);
  });

  it("never redirects off the site, and skips the two-factor step an admin would need with a password", async () => {
    const admin = createStaff("admin", { email: "boss@customer-success.example" });
    putSetting("staffSignIn", { requireTwoFactorForAdmins: true });
    try {
      const { authorizationUrl, cookie } = await start("https://evil.example/cs");
      const code = provider.issueCode(authorizationUrl, { sub: "b1", email: "boss@customer-success.example", email_verified: true });
      const result = (await callback(authorizationUrl, cookie, code)) as Response;
      expect(result.headers.get("Location")).toBe("/cs");
      const session = cookiePairs(result).find((p) => p.startsWith("kizuna_staff="))!;
      expect(await getStaff(getRequest("/cs", session))).toMatchObject({ id: admin.id });
    } finally {
      putSetting("staffSignIn", { requireTwoFactorForAdmins: false });
    }
  });
});
