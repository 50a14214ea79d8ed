import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

/** The body was larger than the caller allows; reading stopped at the limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${formatBytes(limitBytes)}.`);
  }
}

/** The answer and consent forms of the survey pages (/s/…): a score and a comment (readSurveyForm). */
export const SURVEY_FORM_MAX_BYTES = 64 * 1024;
/** The CSV import's upload and its commit step (base64 of the file, a third larger). */
export const IMPORT_MAX_BODY_BYTES = 20 * 1024 * 1024;
/** Everything else: forms, the JSON API (API_MAX_BODY_BYTES), webhooks. */
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * The largest body any route behind `pathname` accepts. The server entry refuses a larger
 * declared body before anything reads it, and what it lets through is small enough to discard
 * when a route stops reading early (docs/decisions/022-request-bodies-and-slow-clients.md).
 */
export function requestBodyLimit(pathname: string): number {
  if (pathname === "/cs/import" || pathname.startsWith("/cs/import/")) return IMPORT_MAX_BODY_BYTES;
  if (pathname.startsWith("/s/")) return SURVEY_FORM_MAX_BYTES;
  return DEFAULT_MAX_BODY_BYTES;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Reads a request body and stops as soon as it passes `limitBytes`. The declared
 * Content-Length is checked first (cheap refusal) but not trusted: the stream is counted.
 */
export async function readBodyBytes(request: Request, limitBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("Content-Length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(limitBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads a form post, multipart (file uploads) or URL-encoded, holding at most `maxPartBytes` per
 * field and `maxTotalBytes` overall in memory. Throws BodyTooLargeError past either limit.
 */
export async function readFormData(request: Request, { maxPartBytes, maxTotalBytes }: { maxPartBytes: number; maxTotalBytes: number }): Promise<FormData> {
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    const bytes = await readBodyBytes(request, maxTotalBytes);
    const form = new FormData();
    for (const [key, value] of new URLSearchParams(new TextDecoder().decode(bytes))) form.append(key, value);
    return form;
  }
  const declared = Number(request.headers.get("Content-Length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxTotalBytes) throw new BodyTooLargeError(maxTotalBytes);
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxPartBytes });
  let total = 0;
  try {
    return await unstable_parseMultipartFormData(request, async (part) => {
      const value = await memory(part);
      total += typeof value === "string" ? Buffer.byteLength(value) : value instanceof Blob ? value.size : 0;
      if (total > maxTotalBytes) throw new BodyTooLargeError(maxTotalBytes);
      return value;
    });
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new BodyTooLargeError(maxPartBytes);
    throw error;
  }
}
