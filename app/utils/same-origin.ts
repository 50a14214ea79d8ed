/**
 * Same-origin rules for redirects and state-changing requests. Pure: the app's origin is a
 * parameter (APP_URL in the app), so these run in unit tests and in the server entry alike.
 */

/**
 * C0 controls, DEL, C1 controls (when `c1`) and the backslash: browsers drop or rewrite them while
 * resolving a URL. A layer of ASCII percent-decoding cannot produce C1 characters, so it skips them.
 */
function hasUnsafeCharacter(text: string, c1: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x1f || code === 0x7f || code === 0x5c || (c1 && code >= 0x80 && code <= 0x9f)) return true;
  }
  return false;
}
const MAX_REDIRECT_LENGTH = 2048;

/** One layer of percent-decoding, ASCII only (multi-byte UTF-8 sequences stay encoded). */
function decodeAsciiEscapes(text: string): string {
  return text.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * `value` as a path on the app's own origin (`/path?search#hash`), or null when it is not one.
 * The value must be an absolute path; it is refused when it (or any percent-decoding of it, so
 * `%09`, `%5C`, `%250a` too) holds a control character, a backslash or whitespace, when it
 * resolves to another origin, and when the path it resolves to would itself read as
 * protocol-relative (`/.//evil`). The answer is the resolved, normalised path, never the raw value.
 */
export function sameOriginPath(value: unknown, appUrl: string): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_REDIRECT_LENGTH) return null;
  if (!value.startsWith("/") || /\s/.test(value) || hasUnsafeCharacter(value, true)) return null;
  let decoded = value;
  for (let layer = 0; layer < 4; layer++) {
    const next = decodeAsciiEscapes(decoded);
    if (next === decoded) break;
    if (hasUnsafeCharacter(next, false)) return null;
    decoded = next;
  }

  let base: URL;
  let resolved: URL;
  try {
    base = new URL(appUrl);
    resolved = new URL(value, base);
  } catch {
    return null;
  }
  if (resolved.origin !== base.origin) return null;
  const path = resolved.pathname + resolved.search + resolved.hash;
  // `/.//evil.example` resolves to the path `//evil.example`, which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//")) return null;
  return path;
}

export type OriginCheck = { ok: true } | { ok: false; reason: "foreign-origin" | "foreign-referer" };

/** Routes that do not rely on cookies: the JSON API (Bearer keys) and provider webhooks (signatures). */
const EXEMPT_PREFIXES = ["/api/", "/webhooks/"];

/**
 * Whether a request may change state, judged by where the browser says it comes from. `url` is
 * the request target as received (`/cs/logout?x=1`). GET and HEAD always may; so may the API and
 * webhooks. Otherwise a present `Origin` must be the app's; when `Origin` is absent a
 * present `Referer` must be the app's; with neither (old browsers, some privacy tools, non-browser
 * clients) the request is allowed and the session cookies' `SameSite=Lax` is the wall. `Origin:
 * null` (sandboxed frames, `no-referrer` pages, cross-origin redirects) counts as foreign.
 */
export function checkRequestOrigin(input: { method: string; url: string; origin?: string | null; referer?: string | null }, appUrl: string): OriginCheck {
  const method = input.method.toUpperCase();
  if (method === "GET" || method === "HEAD") return { ok: true };
  const appOrigin = originOfApp(appUrl);
  // The path as the router will see it (dot segments resolved), so `/api/../cs/logout` is not exempt.
  const path = resolvedPath(input.url, appOrigin);
  if (path !== null && EXEMPT_PREFIXES.some((prefix) => path.startsWith(prefix))) return { ok: true };
  if (input.origin !== undefined && input.origin !== null && input.origin !== "") {
    return input.origin === appOrigin ? { ok: true } : { ok: false, reason: "foreign-origin" };
  }
  if (input.referer !== undefined && input.referer !== null && input.referer !== "") {
    return originOf(input.referer) === appOrigin ? { ok: true } : { ok: false, reason: "foreign-referer" };
  }
  return { ok: true };
}

// APP_URL is one value per process: its origin is worked out once, not on every POST.
let appOriginCache: { url: string; origin: string } | undefined;
function originOfApp(appUrl: string): string {
  if (appOriginCache?.url !== appUrl) appOriginCache = { url: appUrl, origin: new URL(appUrl).origin };
  return appOriginCache.origin;
}

function resolvedPath(target: string, appOrigin: string): string | null {
  try {
    return new URL(target, appOrigin).pathname;
  } catch {
    return null;
  }
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
