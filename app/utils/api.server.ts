import type { ApiScope } from "../domain/api-scopes";
import type { ServiceError } from "../domain/service-error";
import { findApiKeyByHash, markApiKeyUsed } from "../models/api-key.server";
import { BodyTooLargeError, formatBytes, readBodyBytes } from "./body.server";
import { sha256 } from "./crypto.server";
import { hit, type RateLimit } from "./rate-limit.server";

/**
 * The JSON API's edge: key authentication, scopes, per-key rate limits, body reading and the
 * error shape `{"error":{"code","message"}}` used for every refusal.
 */

export const API_RATE_LIMIT: RateLimit = { limit: 120, windowMs: 60_000 };
export const API_MAX_BODY_BYTES = 2 * 1024 * 1024;
export const API_MAX_ROWS = 1_000;

export type ApiKeyPrincipal = { id: number; name: string; prefix: string; scopes: string[] };

/** An API refusal; routes return `error.response`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get response(): Response {
    return apiJson({ error: { code: this.code, message: this.message }, ...this.extra }, this.status, this.headers);
  }
}

/**
 * A service's refusal in the API's error shape: the code the endpoint documents for its status
 * (`codes`), the English sentence as the message (the API speaks English).
 */
export function apiErrorOf(error: ServiceError, codes: Partial<Record<number, string>>, headers: Record<string, string> = {}): ApiError {
  return new ApiError(
    error.status,
    codes[error.status] ?? (error.status === 403 ? "forbidden" : error.status === 404 ? "not_found" : "invalid_request"),
    error.message,
    headers,
  );
}

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** 405 for a method the resource does not have, naming the ones it does. */
export function methodNotAllowed(request: Request, allowed: string[]): Response {
  return new ApiError(405, "method_not_allowed", `${request.method} is not supported here; use ${allowed.join(" or ")}.`, {
    Allow: allowed.join(", "),
  }).response;
}

// kz_<8 hex>_<32 base64url>: anything else cannot be a key, so it is refused without a lookup.
const KEY_SHAPE = /^kz_[0-9a-f]{8}_[A-Za-z0-9_-]{20,64}$/;

const UNAUTHORIZED = { "WWW-Authenticate": 'Bearer realm="kizuna"' };

/** A limit of its own for an endpoint that takes a stream (usage events), counted apart from the key's other calls. */
export type ApiRateBucket = { name: string; limit: RateLimit };

export type ApiAuthOptions = {
  /** Counted apart from the key's other calls, with a limit of its own. */
  bucket?: ApiRateBucket;
  /** Also take the key as HTTP Basic's user name (Segment's way of sending a write key). */
  basic?: boolean;
};

/** The key presented in `Authorization`: `Bearer <key>`, or with `basic`, `Basic base64(<key>:)`. */
function presentedKey(header: string, basic: boolean): string {
  const bearer = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basicMatch = basic ? /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (basicMatch) return Buffer.from(basicMatch[1], "base64").toString("utf8").split(":")[0];
  throw new ApiError(
    401,
    "invalid_authorization",
    `Use the Bearer scheme: Authorization: Bearer kz_…${basic ? " (or Basic with the key as user name)" : ""}`,
    UNAUTHORIZED,
  );
}

/**
 * Authenticates `Authorization: Bearer kz_…`, applies the key's rate limit and checks the
 * scope. The key is found by the SHA-256 of what was presented (an index lookup), so no stored
 * secret is ever compared byte by byte. Returns the key and the rate-limit headers to send.
 */
export function authenticateApiRequest(
  request: Request,
  scope: ApiScope,
  now = new Date(),
  { bucket = { name: "", limit: API_RATE_LIMIT }, basic = false }: ApiAuthOptions = {},
): { key: ApiKeyPrincipal; headers: Record<string, string> } {
  const header = request.headers.get("Authorization");
  if (!header) {
    throw new ApiError(401, "missing_api_key", "Send an API key: Authorization: Bearer kz_… (admins create keys in the console under API keys).", UNAUTHORIZED);
  }
  const presented = presentedKey(header, basic);
  const key = KEY_SHAPE.test(presented) ? findApiKeyByHash(sha256(presented)) : undefined;
  if (!key) throw new ApiError(401, "invalid_api_key", "This API key is not valid. Check that it was copied whole.", UNAUTHORIZED);
  if (key.revokedAt) throw new ApiError(401, "revoked_api_key", "This API key has been revoked; ask an admin for a new one.", UNAUTHORIZED);

  const { limit } = bucket;
  const rate = hit(`api-key:${key.id}${bucket.name ? `:${bucket.name}` : ""}`, limit, now.getTime());
  const headers = {
    "RateLimit-Limit": String(limit.limit),
    "RateLimit-Remaining": String(rate.remaining),
    "RateLimit-Reset": String(rate.retryAfterSeconds),
    "RateLimit-Policy": `${limit.limit};w=${limit.windowMs / 1000}`,
  };
  if (!rate.ok) {
    throw new ApiError(429, "rate_limited", `This key made more than ${limit.limit} requests in a minute. Retry after ${rate.retryAfterSeconds} s.`, {
      ...headers,
      "Retry-After": String(rate.retryAfterSeconds),
    });
  }
  if (!key.scopes.includes(scope)) {
    throw new ApiError(403, "insufficient_scope", `This key lacks the ${scope} scope; ask an admin for a key that has it.`, headers);
  }
  markApiKeyUsed(key.id, now);
  return { key: { id: key.id, name: key.name, prefix: key.prefix, scopes: key.scopes }, headers };
}

/**
 * Reads a JSON body: the content type must say JSON (415), the body must fit the byte limit
 * while it streams in (413) and parse as UTF-8 JSON (400).
 */
export async function readJsonBody(request: Request, headers: Record<string, string> = {}, limitBytes = API_MAX_BODY_BYTES): Promise<unknown> {
  const contentType = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (contentType !== "application/json") {
    throw new ApiError(415, "unsupported_media_type", `Send the body as JSON with Content-Type: application/json (got ${contentType || "none"}).`, headers);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBodyBytes(request, limitBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new ApiError(413, "body_too_large", `The body is larger than ${formatBytes(limitBytes)}; send fewer rows per request.`, headers);
    }
    throw error;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not UTF-8 text.", headers);
  }
  if (text.trim() === "") throw new ApiError(400, "invalid_json", "The body is empty; send a JSON object.", headers);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, "invalid_json", `The body is not valid JSON: ${(error as Error).message}.`, headers);
  }
}

/** Turns anything thrown by an API handler into its JSON response; unknown errors propagate. */
export async function handleApi(run: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) return error.response;
    throw error;
  }
}
