import QRCode from "qrcode";
import { ServiceError } from "../domain/service-error";
import { checkTotp, looksLikeTotpCode, newRecoveryCodes, newTotpSecret, normalizeRecoveryCode, otpauthUri } from "../utils/totp.server";
import { audit } from "../models/audit.server";
import { putSetting } from "../models/settings.server";
import {
  claimTotpStep,
  clearTwoFactor,
  countUnusedRecoveryCodes,
  enableTotp,
  findTwoFactor,
  replaceRecoveryCodes,
  setPendingTotpSecret,
  useRecoveryCode,
} from "../models/two-factor.server";
import { deleteStaffSessions, findActiveUser, type StaffUser } from "../models/user.server";
import { sha256 } from "../utils/crypto.server";
import { transaction } from "../utils/db.server";
import { clearRateLimit, clientIp, hit, hitAll, refund } from "../utils/rate-limit.server";
import { readSession, startSession } from "../utils/session.server";
import { assertCan } from "./actor.server";
import { assertMayChangeSettings } from "./settings-access.server";
import { STAFF_SIGN_IN_LIMITS, signInLimitKeys } from "./sign-in-staff.server";
import { openSecret, sealSecret } from "../utils/secret-box.server";

/*
 * The TOTP second factor for password sign-in (docs/decisions/044): enrolment from the person's
 * own page, the code step of sign-in, and an admin's reset. Secrets are sealed at rest and never
 * shown again once confirmed; recovery codes are shown once and kept as hashes, each single-use.
 */

const PURPOSE = "totp";
const ISSUER = "Kizuna";

function recoveryHash(userId: number, code: string) {
  return sha256(`recovery:${userId}:${code}`);
}

export type TwoFactorStatus = { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number };

export function twoFactorStatus(userId: number): TwoFactorStatus {
  const row = findTwoFactor(userId);
  const enabled = Boolean(row?.totpEnabledAt && row.totpSecret);
  return { enabled, enabledAt: row?.totpEnabledAt ?? null, recoveryCodesLeft: enabled ? countUnusedRecoveryCodes(userId) : 0 };
}

/** Begins (or restarts) enrolment: a fresh secret, kept sealed until the person confirms a code made from it. */
export function startTotpEnrolment(user: StaffUser) {
  if (twoFactorStatus(user.id).enabled) throw new ServiceError(409, "twoFactorAlreadyOn");
  setPendingTotpSecret(user.id, sealSecret(newTotpSecret(), PURPOSE));
}

export type Enrolment = { secret: string; uri: string; qrSvg: string };

/** The secret being enrolled, as the page shows it (text, otpauth:// URI, QR code as SVG); null when none is pending. */
export async function pendingEnrolment(user: StaffUser): Promise<Enrolment | null> {
  const row = findTwoFactor(user.id);
  if (!row?.totpPendingSecret || row.totpEnabledAt) return null;
  const secret = openSecret(row.totpPendingSecret, PURPOSE);
  if (!secret) return null;
  const uri = otpauthUri({ secret, account: user.email, issuer: ISSUER });
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret, uri, qrSvg };
}

/**
 * Confirms enrolment with a code from the authenticator: turns TOTP on, replaces the recovery
 * codes and returns them (the only time they exist in clear). The code's step is recorded, so the
 * same code cannot then sign in. Other sessions of the person are signed out: whoever else held
 * one got in without the second factor.
 */
export function confirmTotpEnrolment(user: StaffUser, code: string, options: { ip?: string; keepSessionId?: string; now?: number } = {}): string[] {
  const now = options.now ?? Date.now();
  const row = findTwoFactor(user.id);
  if (row?.totpEnabledAt) throw new ServiceError(409, "twoFactorAlreadyOn");
  const secret = row?.totpPendingSecret ? openSecret(row.totpPendingSecret, PURPOSE) : null;
  if (!secret) throw new ServiceError(409, "twoFactorNotStarted");
  const check = checkTotp(secret, code, now, null);
  if (!check.ok) throw new ServiceError(400, "twoFactorWrongCode", {}, "code");
  const codes = newRecoveryCodes();
  transaction((tx) => {
    enableTotp(
      tx,
      user.id,
      sealSecret(secret, PURPOSE),
      check.step,
      codes.map((c) => recoveryHash(user.id, normalizeRecoveryCode(c)!)),
      new Date(now),
    );
    deleteStaffSessions(tx, user.id, options.keepSessionId);
    audit({ actorUserId: user.id, action: "user.two_factor_enabled", entity: "user", entityId: user.id, ip: options.ip }, tx);
  });
  return codes;
}

/**
 * New recovery codes for a person whose codes ran low or may have been seen: proved with a current
 * code from their app (one not used before), the old codes stop working, the new ones are returned once.
 */
export function replaceOwnRecoveryCodes(user: StaffUser, code: string, options: { ip?: string; now?: number } = {}): string[] {
  const now = options.now ?? Date.now();
  const row = findTwoFactor(user.id);
  if (!row?.totpEnabledAt || !row.totpSecret) throw new ServiceError(409, "twoFactorNotOn");
  const secret = openSecret(row.totpSecret, PURPOSE);
  const check = secret ? checkTotp(secret, code, now, row.totpLastStep) : null;
  if (!check?.ok || !claimTotpStep(user.id, check.step)) throw new ServiceError(400, "twoFactorWrongCode", {}, "code");
  const codes = newRecoveryCodes();
  transaction((tx) => {
    replaceRecoveryCodes(
      tx,
      user.id,
      codes.map((c) => recoveryHash(user.id, normalizeRecoveryCode(c)!)),
    );
    audit({ actorUserId: user.id, action: "user.recovery_codes_replaced", entity: "user", entityId: user.id, ip: options.ip }, tx);
  });
  return codes;
}

/** An admin removes another person's second factor (a lost phone and lost codes); they are signed out everywhere and set it up again. */
export function resetTwoFactor(actor: StaffUser, userId: number, ip?: string) {
  assertCan({ user: actor }, "manage:user:any");
  if (!twoFactorStatus(userId).enabled) throw new ServiceError(409, "twoFactorNotOn");
  transaction((tx) => {
    clearTwoFactor(tx, userId);
    deleteStaffSessions(tx, userId);
    audit({ actorUserId: actor.id, action: "user.two_factor_reset", entity: "user", entityId: userId, ip }, tx);
  });
}

/** Turns "admins must use two-factor" on or off. An admin turning it on sets up their own first, so they cannot lock themselves out. */
export function updateStaffSignInSettings(actor: StaffUser, input: { requireTwoFactorForAdmins: boolean }, ip?: string) {
  assertMayChangeSettings(actor);
  if (input.requireTwoFactorForAdmins && !twoFactorStatus(actor.id).enabled) throw new ServiceError(409, "twoFactorRequireSelfFirst");
  putSetting("staffSignIn", { requireTwoFactorForAdmins: input.requireTwoFactorForAdmins });
  audit({ actorUserId: actor.id, action: "settings.staff_sign_in_updated", entity: "settings", entityId: "staffSignIn", ip, detail: input });
}

export type SecondFactorResult =
  | { ok: true; setCookie: string; usedRecoveryCode: boolean; recoveryCodesLeft: number }
  | { ok: false; reason: "invalid" | "no-pending-sign-in" }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The second step of a password sign-in: a code from the authenticator (±1 step, never a step
 * already used) or one of the recovery codes (each once). Failures count in the password
 * limiter's windows for the account and the address, so codes are guessed no faster than passwords.
 */
export async function verifySecondFactor(
  request: Request,
  input: string,
  options: { now?: number; wait?: (ms: number) => Promise<void> } = {},
): Promise<SecondFactorResult> {
  const now = options.now ?? Date.now();
  const session = await readSession("staff", request, now);
  if (!session || session.pending !== "totp") return { ok: false, reason: "no-pending-sign-in" };
  const user = findActiveUser(session.ownerId);
  const row = user ? findTwoFactor(user.id) : undefined;
  if (!user || !row?.totpEnabledAt || !row.totpSecret) return { ok: false, reason: "no-pending-sign-in" };
  // Unreadable after SESSION_SECRET was replaced: app codes then fail, recovery codes still work.
  const secret = openSecret(row.totpSecret, PURPOSE);

  const ip = clientIp(request);
  const keys = signInLimitKeys(user.email, ip);
  const wall = hitAll(
    [
      [keys.emailAndIp, STAFF_SIGN_IN_LIMITS.perEmailAndIp],
      [keys.ip, STAFF_SIGN_IN_LIMITS.perIp],
    ],
    now,
  );
  if (!wall.ok) {
    audit({ action: "auth.sign_in_throttled", entity: "user", entityId: user.id, ip, detail: { email: user.email, step: "two_factor" } });
    return { ok: false, reason: "rate-limited", retryAfterSeconds: wall.retryAfterSeconds };
  }
  const account = hit(keys.email, STAFF_SIGN_IN_LIMITS.perEmail, now);
  if (!account.ok) await (options.wait ?? sleep)(STAFF_SIGN_IN_LIMITS.underAttackDelayMs);

  let accepted = false;
  let replayed = false;
  let usedRecoveryCode = false;
  if (looksLikeTotpCode(input)) {
    const check = secret ? checkTotp(secret, input, now, row.totpLastStep) : ({ ok: false, reason: "invalid" } as const);
    if (check.ok) accepted = claimTotpStep(user.id, check.step);
    replayed = (!check.ok && check.reason === "replayed") || (check.ok && !accepted);
  } else {
    const code = normalizeRecoveryCode(input);
    accepted = code !== null && useRecoveryCode(user.id, recoveryHash(user.id, code), new Date(now));
    usedRecoveryCode = accepted;
  }
  if (!accepted) {
    audit({ actorUserId: user.id, action: "auth.two_factor_failed", entity: "user", entityId: user.id, ip, detail: replayed ? { replayed: true } : undefined });
    return { ok: false, reason: "invalid" };
  }
  // Right password and right code: the password's count and this one's are taken back.
  clearRateLimit(keys.emailAndIp);
  for (let i = 0; i < 2; i++) {
    refund(keys.ip, now);
    refund(keys.email, now);
  }
  const setCookie = await startSession("staff", user.id, request, now, { method: "password" });
  const recoveryCodesLeft = countUnusedRecoveryCodes(user.id);
  if (usedRecoveryCode) {
    audit({ actorUserId: user.id, action: "auth.recovery_code_used", entity: "user", entityId: user.id, ip, detail: { left: recoveryCodesLeft } });
  }
  audit({
    actorUserId: user.id,
    action: "auth.sign_in",
    entity: "user",
    entityId: user.id,
    ip,
    detail: { secondFactor: usedRecoveryCode ? "recovery_code" : "totp" },
  });
  return { ok: true, setCookie, usedRecoveryCode, recoveryCodesLeft };
}
