import { normalizeEmail } from "../domain/staff-users";
import { audit } from "../models/audit.server";
import { findUserForSignIn, setUserLocale } from "../models/user.server";
import { browserLanguage } from "../utils/i18n.server";
import { finishOidcSignIn, OidcFlowError } from "../utils/oidc.server";
import { clientIp } from "../utils/rate-limit.server";
import { startSession } from "../utils/session.server";

export type OidcRefusal = "failed" | "unverified" | "no-account" | "disabled";
export type OidcSignInResult = { ok: true; setCookie: string; redirectTo: string } | { ok: false; reason: OidcRefusal };

/**
 * Signs a CS team member in with the company's OpenID Connect provider (docs/decisions/044). The
 * provider's answer is checked (state, nonce, PKCE, the ID token), then its email must be verified
 * and belong to an existing, active console user: nobody signs themselves up this way, and an
 * admin adds people on the users page as before. The session skips the TOTP step (the provider
 * does its own MFA). Every refusal is audited with its reason.
 */
export async function signInStaffWithOidc(request: Request, now = Date.now()): Promise<OidcSignInResult> {
  const ip = clientIp(request);
  const refuse = (reason: OidcRefusal, detail: Record<string, unknown> = {}, userId?: number): OidcSignInResult => {
    audit({ actorUserId: userId, action: "auth.oidc_refused", entity: "user", entityId: userId, ip, detail: { reason, ...detail } });
    return { ok: false, reason };
  };
  let identity;
  try {
    identity = await finishOidcSignIn(request, now);
  } catch (error) {
    if (error instanceof OidcFlowError) return refuse("failed");
    throw error;
  }
  if (!identity.email || !identity.emailVerified) return refuse("unverified", { email: identity.email ? normalizeEmail(identity.email) : null });
  const email = normalizeEmail(identity.email);
  const user = findUserForSignIn(email);
  if (!user) return refuse("no-account", { email });
  if (user.disabledAt) return refuse("disabled", { email }, user.id);
  if (!user.locale) setUserLocale(user.id, await browserLanguage(request));
  const setCookie = await startSession("staff", user.id, request, now, { method: "oidc" });
  audit({ actorUserId: user.id, action: "auth.sign_in", entity: "user", entityId: user.id, ip, detail: { method: "oidc" } });
  return { ok: true, setCookie, redirectTo: identity.redirectTo };
}
