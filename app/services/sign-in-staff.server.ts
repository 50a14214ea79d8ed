import { audit } from "../models/audit.server";
import { normalizeEmail } from "../domain/staff-users";
import { findUserForSignIn } from "../models/user.server";
import { verifyPassword } from "../utils/password.server";
import { clientIp, hitAll } from "../utils/rate-limit.server";
import { startSession } from "../utils/session.server";

export const STAFF_SIGN_IN_LIMITS = {
  perEmail: { limit: 5, windowMs: 15 * 60_000 },
  perIp: { limit: 30, windowMs: 15 * 60_000 },
};

export type SignInResult =
  { ok: true; setCookie: string } | { ok: false; reason: "invalid" } | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/**
 * Checks a password sign-in. Unknown emails, disabled users and wrong passwords get the same
 * answer after the same work; attempts count per email and per IP whatever the outcome.
 */
export async function signInStaff(request: Request, email: string, password: string): Promise<SignInResult> {
  const ip = clientIp(request);
  const normalized = normalizeEmail(email);
  const rate = hitAll([
    [`staff-login:email:${normalized}`, STAFF_SIGN_IN_LIMITS.perEmail],
    [`staff-login:ip:${ip}`, STAFF_SIGN_IN_LIMITS.perIp],
  ]);
  if (!rate.ok) {
    audit({ action: "auth.sign_in_throttled", entity: "user", ip, detail: { email: normalized } });
    return { ok: false, reason: "rate-limited", retryAfterSeconds: rate.retryAfterSeconds };
  }
  const user = findUserForSignIn(normalized);
  const valid = await verifyPassword(user && !user.disabledAt ? user.passwordHash : null, password);
  if (!user || user.disabledAt || !valid) {
    audit({ action: "auth.sign_in_failed", entity: "user", entityId: user?.id, ip, detail: { email: normalized } });
    return { ok: false, reason: "invalid" };
  }
  const setCookie = await startSession("staff", user.id, request);
  audit({ actorUserId: user.id, action: "auth.sign_in", entity: "user", entityId: user.id, ip });
  return { ok: true, setCookie };
}
