import { z } from "zod";
import { errorMessage, ServiceError, type ErrorCode, type ErrorParams } from "./service-error";

/*
 * Small pieces the console's form schemas share with the services that re-check the same input:
 * a refusal's wording comes from the console strings (`errors`), so a field error in the form and
 * the service's refusal of the same value read the same.
 */

/** The English sentence for a refusal code, as a zod message. */
export const says = (code: ErrorCode, params?: ErrorParams) => errorMessage(code, params, "en");

/** A row id a form posts (a hidden field or a button's value): a positive whole number. */
export const formId = (message: string) =>
  z
    .number(message)
    .int(message)
    .positive(message)
    .max(2 ** 31, message);

/**
 * Checks a service's input with the form's own schema: the first problem becomes a 400 refusal
 * on the field it is about (`fieldNames` maps a schema path to the form's field name).
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, fieldNames: Record<string, string> = {}): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.filter((part) => typeof part === "string").join(".");
  throw new ServiceError(400, "invalidInput", { message: issue.message }, path ? (fieldNames[path] ?? path) : undefined);
}

/** The first refusal in a conform reply, whichever field it is on (for a page's notice and for tests). */
export function firstError(result: { error?: Record<string, string[] | null> | null }, fallback = says("formUnknown")): string {
  return Object.values(result.error ?? {}).find((messages) => messages?.length)?.[0] ?? fallback;
}
