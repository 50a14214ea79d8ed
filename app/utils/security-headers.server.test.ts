import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, setDocumentSecurityHeaders } from "./security-headers.server";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe("the page policy", () => {
  const policy = directives(contentSecurityPolicy("abc123", { https: false }));

  it("runs scripts by this response's nonce only: no inline script, no eval, no host allowlist", () => {
    expect(policy.get("script-src")).toEqual(["'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
  });

  it("refuses inline styles, plugins, <base>, foreign form targets and being framed", () => {
    expect(policy.get("style-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("opens only what the community and the guides need: https images, two video players, and this origin (the outbox preview)", () => {
    expect(policy.get("img-src")).toEqual(["'self'", "https:"]);
    expect(policy.get("frame-src")).toEqual(["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
  });
});

describe("setDocumentSecurityHeaders", () => {
  it("adds the policy and its companions, and HSTS only when the app is served over https", () => {
    const http = new Headers();
    setDocumentSecurityHeaders(http, { nonce: "n1", appUrl: "http://localhost:3000" });
    expect(http.get("Content-Security-Policy")).toContain("'nonce-n1'");
    expect(http.get("Cross-Origin-Opener-Policy")).toBe("same-origin");
    expect(http.get("Permissions-Policy")).toContain("camera=()");
    expect(http.get("X-Content-Type-Options")).toBe("nosniff");
    expect(http.has("Strict-Transport-Security")).toBe(false);

    const https = new Headers();
    setDocumentSecurityHeaders(https, { nonce: "n2", appUrl: "https://kizuna.example.com" });
    expect(https.get("Strict-Transport-Security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(https.get("Content-Security-Policy")).toContain("upgrade-insecure-requests");
  });

  it("leaves a policy the route set itself as it is (the outbox preview has its own)", () => {
    const own = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
    const headers = new Headers({ "Content-Security-Policy": own, "Referrer-Policy": "no-referrer" });
    setDocumentSecurityHeaders(headers, { nonce: "n3", appUrl: "http://localhost:3000" });
    expect(headers.get("Content-Security-Policy")).toBe(own);
    expect(headers.get("Referrer-Policy")).toBe("no-referrer");
  });
});
