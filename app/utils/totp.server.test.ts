import { describe, expect, it } from "vitest";
import {
  base32Decode,
  base32Encode,
  checkTotp,
  hotp,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  otpauthUri,
  totpCode,
  type TotpAlgorithm,
} from "./totp.server";

// RFC 6238 appendix B: the seeds are the ASCII strings below, the codes 8 digits.
const SEEDS: Record<TotpAlgorithm, string> = {
  sha1: "12345678901234567890",
  sha256: "12345678901234567890123456789012",
  sha512: "1234567890123456789012345678901234567890123456789012345678901234",
};
const VECTORS: [number, string, string, string][] = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

describe("TOTP (RFC 6238)", () => {
  it.each(VECTORS)("at %i s gives the RFC's codes for SHA-1, SHA-256 and SHA-512", (seconds, sha1, sha256, sha512) => {
    for (const [algorithm, expected] of [
      ["sha1", sha1],
      ["sha256", sha256],
      ["sha512", sha512],
    ] as const) {
      const secret = base32Encode(Buffer.from(SEEDS[algorithm]));
      expect(totpCode(secret, seconds * 1000, { digits: 8, algorithm })).toBe(expected);
    }
  });

  it("gives RFC 4226's HOTP values for its test key", () => {
    const key = Buffer.from("12345678901234567890");
    expect([0, 1, 2, 3, 9].map((counter) => hotp(key, counter))).toEqual(["755224", "287082", "359152", "969429", "520489"]);
  });

  it("round-trips base32 and refuses what is not base32", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret)!)).toBe(secret);
    expect(base32Decode("JBSWY3DP")?.toString()).toBe("Hello");
    expect(base32Decode("jbsw y3dp====")?.toString()).toBe("Hello");
    expect(base32Decode("not base32!")).toBeNull();
  });
});

describe("checking a typed code", () => {
  const secret = newTotpSecret();
  const now = 1_800_000_000_000;
  const at = (offsetSteps: number) => totpCode(secret, now + offsetSteps * 30_000);

  it("accepts the current code and the ones a step either side, and says which step it was", () => {
    expect(checkTotp(secret, at(0), now, null)).toEqual({ ok: true, step: Math.floor(now / 30_000) });
    expect(checkTotp(secret, at(-1), now, null)).toMatchObject({ ok: true, step: Math.floor(now / 30_000) - 1 });
    expect(checkTotp(secret, at(1), now, null)).toMatchObject({ ok: true, step: Math.floor(now / 30_000) + 1 });
  });

  it("refuses codes two steps away, wrong codes and what is not six digits", () => {
    expect(checkTotp(secret, at(-2), now, null)).toEqual({ ok: false, reason: "invalid" });
    expect(checkTotp(secret, at(2), now, null)).toEqual({ ok: false, reason: "invalid" });
    const wrong = String((Number(at(0)) + 1) % 1_000_000).padStart(6, "0");
    if (wrong !== at(-1) && wrong !== at(1)) expect(checkTotp(secret, wrong, now, null).ok).toBe(false);
    expect(checkTotp(secret, "12345", now, null).ok).toBe(false);
    expect(checkTotp(secret, "abcdef", now, null).ok).toBe(false);
  });

  it("takes a code typed with a space in the middle", () => {
    const code = at(0);
    expect(checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, null).ok).toBe(true);
  });

  it("never accepts a code twice: not the same code, nor an older one still inside the window", () => {
    const first = checkTotp(secret, at(0), now, null);
    expect(first.ok).toBe(true);
    const lastUsed = first.ok ? first.step : null;
    expect(checkTotp(secret, at(0), now, lastUsed)).toEqual({ ok: false, reason: "replayed" });
    expect(checkTotp(secret, at(-1), now, lastUsed)).toEqual({ ok: false, reason: "replayed" });
    // The next step's code still works (and so does the following one, 30 seconds later).
    expect(checkTotp(secret, at(1), now, lastUsed).ok).toBe(true);
    expect(checkTotp(secret, at(1), now + 30_000, lastUsed).ok).toBe(true);
  });
});

describe("otpauth URI and recovery codes", () => {
  it("names the issuer and the account and carries the secret", () => {
    const uri = otpauthUri({ secret: "JBSWY3DPEHPK3PXP", account: "aiko@example.com", issuer: "Kizuna" });
    expect(uri).toBe("otpauth://totp/Kizuna:aiko%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Kizuna&algorithm=SHA1&digits=6&period=30");
  });

  it("makes ten distinct codes that read back however they are typed", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(normalizeRecoveryCode(` ${codes[0].toUpperCase()} `)).toBe(codes[0].replace("-", ""));
    expect(normalizeRecoveryCode("short")).toBeNull();
  });
});
