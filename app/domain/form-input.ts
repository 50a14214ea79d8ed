import { z } from "zod";
import type { Language } from "../locales";
import { fieldMessage, readFieldMessage, wordMessage } from "./field-message";
import { ServiceError } from "./service-error";

/*
 * Small pieces the console's form schemas share with the services that re-check the same input.
 * A schema's messages are refusal codes (`fieldMessage`, decision 030), so a field error in the
 * form and the service's refusal of the same value are the same code, worded for the reader.
 */

/** A row id a form posts (a hidden field or a button's value): a positive whole number. */
export const formId = (message: string) =>
  z
    .number(message)
    .int(message)
    .positive(message)
    .max(2 ** 31, message);

/**
 * Checks a service's input with the form's own schema: the first problem becomes a 400 refusal
 * with the schema's code, on the field it is about (`fieldNames` maps a schema path to a field).
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, fieldNames: Record<string, string> = {}): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.filter((part) => typeof part === "string").join(".");
  const field = path ? (fieldNames[path] ?? path) : undefined;
  const coded = readFieldMessage(issue.message);
  if (coded) throw new ServiceError(400, coded.code, coded.params, field);
  throw new ServiceError(400, "invalidInput", { message: issue.message }, field);
}

/** The first refusal in a conform reply, whichever field it is on, as a sentence in `language` (a page's notice, a test). */
export function firstError(result: { error?: Record<string, string[] | null> | null }, language: Language = "en"): string {
  const first = Object.values(result.error ?? {}).find((messages) => messages?.length)?.[0] ?? fieldMessage("formUnknown");
  return wordMessage(first, language);
}
