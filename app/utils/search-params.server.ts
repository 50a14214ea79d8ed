import type { z } from "zod";
import { errorMessage } from "../domain/service-error";
import type { Language } from "../locales";

/**
 * Parses a page's query string. Empty values (a filter left on "All" in a GET form) count as
 * absent; a value that does not fit answers 400 naming the parameter and what it accepts, in the
 * reader's language. A schema's message here is that "what it accepts": codes and formats
 * ("high | low | tech", "YYYY-MM-DD"), the same in every language.
 */
export function parseSearchParams<T extends z.ZodType>(request: Request, schema: T, language: Language): z.output<T> {
  const entries = [...new URL(request.url).searchParams].filter(([, value]) => value.trim() !== "");
  const result = schema.safeParse(Object.fromEntries(entries));
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue.path.join(".") || "query";
    const value = new URL(request.url).searchParams.get(name) ?? "";
    throw new Response(errorMessage("queryInvalidParameter", { name, value, allowed: issue.message }, language), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return result.data;
}
