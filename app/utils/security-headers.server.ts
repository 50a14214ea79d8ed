import { randomBytes } from "node:crypto";

/** A fresh nonce for one response: 128 random bits. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Third parties a page may embed, and nothing more: the guides' videos come from YouTube's
 * privacy-enhanced player and Vimeo's. Images in community posts may come from any https host
 * (they carry no script); everything else is this origin only.
 */
// 'self' for the outbox's email preview, a sandboxed frame served with its own stricter policy.
export const FRAME_SOURCES = ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"] as const;

/**
 * The policy of every page Kizuna renders. Scripts run only with this response's nonce, or when
 * loaded by such a script (`'strict-dynamic'`: the route modules Remix imports). No inline
 * style, no plugins, no `<base>`, forms post only here, and no other site may frame a page.
 */
export function contentSecurityPolicy(nonce: string, options: { https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "img-src 'self' https:",
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${FRAME_SOURCES.join(" ")}`,
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Features no page of Kizuna uses; a script that slipped in cannot use them either. */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
].join(", ");

/**
 * The headers every HTML page gets. A policy the route already set (the outbox preview sets its
 * own, looser for the email's inline styles) is left as it is; so is a Referrer-Policy the route chose.
 */
export function setDocumentSecurityHeaders(headers: Headers, { nonce, appUrl }: { nonce: string; appUrl: string }) {
  const https = new URL(appUrl).protocol === "https:";
  if (!headers.has("Content-Security-Policy")) headers.set("Content-Security-Policy", contentSecurityPolicy(nonce, { https }));
  headers.set("X-Content-Type-Options", "nosniff");
  if (!headers.has("Referrer-Policy")) headers.set("Referrer-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Permissions-Policy", PERMISSIONS_POLICY);
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  // Two years, subdomains included: only once the app is served over https (a browser ignores it over http anyway).
  if (https) headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
}
