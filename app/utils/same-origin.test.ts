import { describe, expect, it } from "vitest";
import { checkRequestOrigin, sameOriginPath } from "./same-origin";

const APP = "https://kizuna.example";

/** Values an attacker puts in `redirectTo`: none may leave the app's origin, and none may throw. */
const HOSTILE = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/\r/evil.example",
  "/\u0000/evil.example",
  "/\u000b/evil.example",
  "/\u007f/evil.example",
  "/\u0085/evil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%0A/evil.example",
  "/%0d%0a/evil.example",
  "/%00/evil.example",
  "/%7f/evil.example",
  "/%2509/evil.example",
  "/%25250a/evil.example",
  "/%5C/evil.example",
  "/%5c/evil.example",
  "/%255c/evil.example",
  "\\/evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "https:evil.example",
  "https:/evil.example",
  "https://evil.example",
  "http://evil.example/portal",
  "javascript:alert(1)",
  "data:text/html,hi",
  "//evil.example",
  "///evil.example",
  "//evil.example/portal",
  "/ /evil.example",
  " //evil.example",
  "/\u3000/evil.example",
  "/\u2028/evil.example",
  "/.//evil.example",
  "/%2e//evil.example",
  "/portal/..//evil.example",
  "/portal?x=%0d%0aSet-Cookie:%20a=b",
  "evil.example",
  "portal",
  "",
  "/" + "a".repeat(3000),
];

describe("sameOriginPath", () => {
  it.each(HOSTILE)("refuses %j", (value) => {
    expect(sameOriginPath(value, APP)).toBeNull();
  });

  it("refuses what is not a string", () => {
    for (const value of [null, undefined, 42, {}, new Blob(["/portal"])]) expect(sameOriginPath(value, APP)).toBeNull();
  });

  it.each([
    ["/portal", "/portal"],
    ["/portal/guides?step=2#top", "/portal/guides?step=2#top"],
    ["/cs/responses?q=%E3%81%82&after=10", "/cs/responses?q=%E3%81%82&after=10"],
    ["/cs/responses?q=100%25", "/cs/responses?q=100%25"],
    ["/portal/ガイド", "/portal/%E3%82%AC%E3%82%A4%E3%83%89"],
    ["/portal/./guides/../guides", "/portal/guides"],
  ])("keeps the same-origin path %j as %j", (value, expected) => {
    expect(sameOriginPath(value, APP)).toBe(expected);
  });

  it("answers only ASCII, so the Location header can always be written", () => {
    const path = sameOriginPath("/portal?name=山田", APP)!;
    expect(path).toMatch(/^[\x21-\x7e]+$/);
    expect(() => new Headers({ Location: path })).not.toThrow();
  });

  it("judges the origin by APP_URL, whatever its scheme and port", () => {
    expect(sameOriginPath("/portal", "http://localhost:3000")).toBe("/portal");
    // A protocol-relative URL to the app itself is harmless: the answer is its path.
    expect(sameOriginPath("//localhost:3000/portal", "http://localhost:3000")).toBe("/portal");
    expect(sameOriginPath("//localhost:3001/portal", "http://localhost:3000")).toBeNull();
    expect(sameOriginPath("http:x", "http://localhost:3000")).toBeNull();
  });
});

describe("checkRequestOrigin", () => {
  const check = (method: string, url: string, headers: { origin?: string | null; referer?: string | null } = {}) =>
    checkRequestOrigin({ method, url, ...headers }, APP).ok;

  it("lets GET and HEAD through from anywhere", () => {
    expect(check("GET", "/cs/logout", { origin: "https://evil.example" })).toBe(true);
    expect(check("HEAD", "/language", { referer: "https://evil.example/x" })).toBe(true);
  });

  it.each(["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "post"])("refuses a %s with a foreign Origin", (method) => {
    expect(check(method, "/cs/logout", { origin: "https://evil.example" })).toBe(false);
  });

  it("refuses look-alikes of the app's origin", () => {
    for (const origin of [
      "null",
      "http://kizuna.example",
      "https://kizuna.example:8443",
      "https://kizuna.example.evil.example",
      "https://evil.kizuna.example",
      "https://kizuna.example, https://evil.example",
    ]) {
      expect(check("POST", "/logout", { origin }), origin).toBe(false);
    }
  });

  it("accepts the app's own Origin", () => {
    expect(checkRequestOrigin({ method: "POST", url: "/language", origin: "https://kizuna.example" }, APP)).toEqual({ ok: true });
  });

  it("falls back to Referer only when Origin is absent", () => {
    expect(checkRequestOrigin({ method: "POST", url: "/logout", referer: "https://evil.example/page" }, APP)).toEqual({ ok: false, reason: "foreign-referer" });
    expect(check("POST", "/logout", { referer: "https://kizuna.example/portal" })).toBe(true);
    expect(check("POST", "/logout", { referer: "not a url" })).toBe(false);
    // A present Origin decides, whatever the Referer says.
    expect(check("POST", "/logout", { origin: "https://kizuna.example", referer: "https://evil.example/" })).toBe(true);
    expect(check("POST", "/logout", { origin: "https://evil.example", referer: "https://kizuna.example/" })).toBe(false);
  });

  it("allows a request with neither header (SameSite cookies are the wall then)", () => {
    expect(check("POST", "/cs/logout")).toBe(true);
    expect(check("POST", "/cs/logout", { origin: "", referer: "" })).toBe(true);
  });

  it("exempts the Bearer API and webhooks, but not a path that only starts like them", () => {
    expect(check("POST", "/api/v1/contacts", { origin: "https://evil.example" })).toBe(true);
    expect(check("POST", "/webhooks/resend", { origin: "https://evil.example" })).toBe(true);
    expect(check("POST", "/api/../cs/logout", { origin: "https://evil.example" })).toBe(false);
    expect(check("POST", "/api/%2e%2e/cs/logout", { origin: "https://evil.example" })).toBe(false);
    expect(check("POST", "/apix", { origin: "https://evil.example" })).toBe(false);
  });
});
