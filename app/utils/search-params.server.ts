import type { z } from "zod";

/**
 * Parses a page's query string. Empty values (a filter left on "All" in a GET form) count as
 * absent; a value that does not fit answers 400 with a message naming the parameter.
 */
export function parseSearchParams<T extends z.ZodType>(request: Request, schema: T): z.output<T> {
  const entries = [...new URL(request.url).searchParams].filter(([, value]) => value.trim() !== "");
  const result = schema.safeParse(Object.fromEntries(entries));
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue.path.join(".") || "query";
    const value = new URL(request.url).searchParams.get(name);
    throw new Response(`The ${name} parameter${value === null ? "" : ` “${value}”`} is not valid: ${issue.message}.`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return result.data;
}
