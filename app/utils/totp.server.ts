import { createHmac, randomBytes, randomInt } from "node:crypto";

/*
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), written on node:crypto: the whole
 * algorithm is an HMAC and a few bit operations, every authenticator app speaks its SHA-1, 6-digit,
 * 30-second profile, and the RFC's own test vectors check it (totp.test.ts).
 */

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that still count: a phone clock 30 s off, or a code typed as it rolled over. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

export type TotpAlgorithm = "sha1" | "sha256" | "sha512";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case, spaces and padding ignored); null when a character is not base32. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.replace(/[\s=]/g, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) return null;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new secret: 160 bits, the size RFC 4226 recommends for HMAC-SHA-1, as base32 for the authenticator. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** HOTP (RFC 4226): the code for one counter value. */
export function hotp(key: Buffer, counter: number, digits = TOTP_DIGITS, algorithm: TotpAlgorithm = "sha1"): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The 30-second step a moment falls in. */
export function totpStep(timeMs: number, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(timeMs / 1000 / stepSeconds);
}

/** The code an authenticator shows at `timeMs` for a base32 secret. */
export function totpCode(secret: string, timeMs: number, options: { digits?: number; algorithm?: TotpAlgorithm } = {}): string {
  const key = base32Decode(secret);
  if (!key) throw new Error("the TOTP secret is not base32");
  return hotp(key, totpStep(timeMs), options.digits, options.algorithm);
}

/** Whatever a person typed, as the digits of a code: spaces and dashes dropped ("123 456"). */
export function normalizeTotpInput(input: string): string {
  return input.replace(/[\s-]/g, "");
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: "invalid" | "replayed" };

/**
 * Checks a typed code against the steps within ±`TOTP_WINDOW` of now. A code whose step is at or
 * before `lastUsedStep` is refused as replayed, even inside the window: one code signs in once, and
 * a code seen by a shoulder-surfer or a phishing page after its owner used it is worth nothing.
 * The caller stores the returned step (atomically, so two requests with one code cannot both pass).
 */
export function checkTotp(secret: string, input: string, nowMs: number, lastUsedStep: number | null): TotpCheck {
  const code = normalizeTotpInput(input);
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: "invalid" };
  const key = base32Decode(secret);
  if (!key) return { ok: false, reason: "invalid" };
  const now = totpStep(nowMs);
  let matched: number | null = null;
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    // Every step is computed (no early exit), so the time taken does not say which step matched.
    if (constantTimeDigitsEqual(hotp(key, step), code) && matched === null) matched = step;
  }
  if (matched === null) return { ok: false, reason: "invalid" };
  if (lastUsedStep !== null && matched <= lastUsedStep) return { ok: false, reason: "replayed" };
  return { ok: true, step: matched };
}

function constantTimeDigitsEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The otpauth:// URI authenticator apps read from the QR code (Google's Key Uri Format). */
export function otpauthUri({ secret, account, issuer }: { secret: string; account: string; issuer: string }): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({ secret, issuer, algorithm: "SHA1", digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
  return `otpauth://totp/${label}?${params.toString()}`;
}

// Recovery codes: 10 characters of an alphabet without look-alikes (no 0/o, 1/l/i), shown as xxxxx-xxxxx.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten fresh recovery codes (each ~49 bits: they are single-use and rate-limited like passwords). */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A typed recovery code as stored (hashed): lower case, without spaces or dashes; null when it cannot be one. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toLowerCase();
  return /^[a-z0-9]{10}$/.test(code) ? code : null;
}

/** Whether typed text is shaped like a TOTP code (six digits) rather than a recovery code. */
export function looksLikeTotpCode(input: string): boolean {
  return /^\d{6}$/.test(normalizeTotpInput(input));
}
