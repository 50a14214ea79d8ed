import type { z } from "zod";
import { wordMessage } from "../domain/field-message";
import type { Language } from "../locales";

/** A zod failure as one worded message per field (the first issue of each), for the customer pages' plain forms. */
export function storyFieldErrors(error: z.ZodError, language: Language): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.filter((part) => typeof part === "string").join(".") || "form";
    errors[field] ??= wordMessage(issue.message, language);
  }
  return errors;
}

/** A form's string fields (files and repeated names are not part of a story form). */
export function storyFormValues(formData: FormData): Record<string, string> {
  return Object.fromEntries([...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** The console's story forms post ids as text: numbers for the schemas (an empty choice is no id). */
export function withIds(values: Record<string, string>, names: readonly string[] = ["accountId", "contactId"]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const name of names) {
    if (!(name in values)) continue;
    if (values[name] === "") delete out[name];
    else out[name] = /^\d{1,15}$/.test(values[name]) ? Number(values[name]) : values[name];
  }
  return out;
}
