import { z } from "zod";
import { ApiError } from "./api.server";

/**
 * Parses a JSON API query string with a zod object schema; the first problem becomes a 400
 * naming the parameter, and unknown parameters are refused rather than silently ignored.
 */
export function parseApiQuery<Schema extends z.ZodType>(schema: Schema, request: Request, headers: Record<string, string>, usage: string): z.infer<Schema> {
  const query = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (query.success) return query.data;
  const issue = query.error.issues[0];
  if (issue.code === "unrecognized_keys") throw new ApiError(400, "invalid_query", `${issue.keys.join(", ")}: unknown parameter; use ${usage}.`, headers);
  throw new ApiError(400, "invalid_query", `${issue.path.join(".") || "query"}: ${issue.message}`, headers);
}

/** An opaque page cursor: base64url of a small JSON value, so callers pass it back untouched. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** The JSON inside a cursor, or undefined when the text is not one of ours. */
export function decodeCursor(text: string): unknown {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  try {
    return JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** A `since` parameter: an ISO date or time with zone, a real calendar day, as ms since the epoch. */
export const ApiSince = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, "use an ISO date or time, e.g. 2026-03-01 or 2026-03-01T09:00:00Z")
  .transform((text, ctx) => {
    const ms = Date.parse(text);
    const [year, month, day] = text.slice(0, 10).split("-").map(Number);
    // Date.parse rolls 2026-02-30 over into March; a real calendar day reads back the same.
    const calendarDay = new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) === text.slice(0, 10);
    if (Number.isNaN(ms) || !calendarDay) {
      ctx.addIssue({ code: "custom", message: `${text} is not a real date` });
      return z.NEVER;
    }
    return ms;
  });
