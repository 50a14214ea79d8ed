import { audit } from "../models/audit.server";
import { normalizeEmail } from "../domain/staff-users";
import { getSetting } from "../models/settings.server";
import { findUserForSignIn, setUserLocale } from "../models/user.server";
import { browserLanguage } from "../utils/i18n.server";
import { verifyPassword } from "../utils/password.server";
import { clearRateLimit, clientIp, hit, hitAll, refund } from "../utils/rate-limit.server";
import { startSession } from "../utils/session.server";

/**
 * Failed sign-ins are what count (docs/decisions/005). The walls stand in front of the guesser's
 * address only, so nobody can lock an account by knowing its email; the account itself is slowed,
 * never closed, when failures pile up against it from everywhere.
 */
export const STAFF_SIGN_IN_LIMITS = {
  /** Failures on one account from one address: guessing one password from one place stops here. */
  perEmailAndIp: { limit: 5, windowMs: 15 * 60_000 },
  /** Failures from one address whatever the account: spraying one password across accounts stops here. */
  perIp: { limit: 30, windowMs: 15 * 60_000 },
  /** Failures on one account from all addresses past which every attempt on it waits `underAttackDelayMs`. */
  perEmail: { limit: 10, windowMs: 15 * 60_000 },
  underAttackDelayMs: 2_000,
};

/**
 * `next` says where a right password leads: `done` (signed in), `totp` (a session that grants
 * nothing until a code from the person's authenticator or a recovery code is given), or `enrol`
 * (an admin who must set up two-factor first; the session is held to that page by requireStaff).
 */
export type SignInResult =
  | { ok: true; setCookie: string; next: "done" | "totp" | "enrol" }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

type SignInOptions = { now?: number; wait?: (ms: number) => Promise<void> };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The limiter's keys for one account from one address: a password and a second-factor code count against the same ones. */
export function signInLimitKeys(email: string, ip: string) {
  const normalized = normalizeEmail(email);
  return { emailAndIp: `staff-login:email-ip:${normalized}:${ip}`, ip: `staff-login:ip:${ip}`, email: `staff-login:email:${normalized}` };
}

/**
 * Checks a password sign-in. Unknown emails, disabled users and wrong passwords get the same
 * answer after the same work. Each attempt is counted as a failure before the password is checked
 * (parallel guesses cannot slip past a limit) and refunded if it succeeds. An address over its
 * limits is refused without a password check; an account under attack from many addresses only
 * answers more slowly, so its owner, from an address of their own, still gets in.
 */
export async function signInStaff(request: Request, email: string, password: string, options: SignInOptions = {}): Promise<SignInResult> {
  const now = options.now ?? Date.now();
  const ip = clientIp(request);
  const normalized = normalizeEmail(email);
  const keys = signInLimitKeys(normalized, ip);

  const wall = hitAll(
    [
      [keys.emailAndIp, STAFF_SIGN_IN_LIMITS.perEmailAndIp],
      [keys.ip, STAFF_SIGN_IN_LIMITS.perIp],
    ],
    now,
  );
  if (!wall.ok) {
    audit({ action: "auth.sign_in_throttled", entity: "user", ip, detail: { email: normalized } });
    return { ok: false, reason: "rate-limited", retryAfterSeconds: wall.retryAfterSeconds };
  }
  const account = hit(keys.email, STAFF_SIGN_IN_LIMITS.perEmail, now);
  if (!account.ok) await (options.wait ?? sleep)(STAFF_SIGN_IN_LIMITS.underAttackDelayMs);

  const user = findUserForSignIn(normalized);
  const valid = await verifyPassword(user && !user.disabledAt ? user.passwordHash : null, password);
  if (!user || user.disabledAt || !valid) {
    audit({ action: "auth.sign_in_failed", entity: "user", entityId: user?.id, ip, detail: { email: normalized, slowed: !account.ok } });
    return { ok: false, reason: "invalid" };
  }
  // The console speaks the browser's language until the person picks one.
  if (!user.locale) setUserLocale(user.id, await browserLanguage(request));
  if (user.totpEnabledAt) {
    // Half-way: the counts stay until the code is right too, or knowing the password would reset the
    // limit on guessing codes (docs/decisions/044).
    const setCookie = await startSession("staff", user.id, request, now, { method: "password", pending: "totp" });
    return { ok: true, setCookie, next: "totp" };
  }
  clearRateLimit(keys.emailAndIp);
  refund(keys.ip, now);
  refund(keys.email, now);
  const setCookie = await startSession("staff", user.id, request, now, { method: "password" });
  const mustEnrol = user.role === "admin" && getSetting("staffSignIn").requireTwoFactorForAdmins;
  const detail = { ...(account.ok ? {} : { slowed: true }), ...(mustEnrol ? { twoFactorSetupRequired: true } : {}) };
  audit({ actorUserId: user.id, action: "auth.sign_in", entity: "user", entityId: user.id, ip, detail: Object.keys(detail).length ? detail : undefined });
  return { ok: true, setCookie, next: mustEnrol ? "enrol" : "done" };
}
