import type { SubmissionResult } from "@conform-to/react";
import { errorMessage, ServiceError, type ServiceErrorStatus } from "../domain/service-error";
import type { Language } from "../locales";

/**
 * The one place a route turns what a service threw into what the reader sees. Anything that is
 * not a ServiceError is a bug and propagates (500, logged). A 403 becomes the console's 403 page
 * (the route's own `requireStaff` normally stops it earlier). Anything else comes back as the
 * refusal to render: its status, the sentence in the reader's language and the field it is about.
 */
export type Refusal = { status: ServiceErrorStatus; message: string; field?: string; error: ServiceError };

/** Refusals are worded in the reader's language: pass the signed-in user's `language`. */
export function refusalOf(error: unknown, language: Language = "en"): Refusal {
  if (!(error instanceof ServiceError)) throw error;
  const message = errorMessage(error.code, error.params, language);
  if (error.status === 403) throw new Response(message, { status: 403, statusText: "Forbidden" });
  return { status: error.status, message, field: error.field, error };
}

type Reply = { reply(options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] }): SubmissionResult<string[]> };

/**
 * For conform forms: the refusal as the submission's reply, next to its field when the error
 * names one of the form's fields (`fieldNames` maps a service's field path to the form's name),
 * else as a form error.
 */
export function refusalReply(
  submission: Reply,
  error: unknown,
  options: { fieldNames?: Record<string, string>; hideFields?: string[]; language?: Language } = {},
): { result: SubmissionResult<string[]>; status: ServiceErrorStatus } {
  const refusal = refusalOf(error, options.language);
  const field = refusal.field ? (options.fieldNames?.[refusal.field] ?? refusal.field) : undefined;
  const result = submission.reply({
    ...(field ? { fieldErrors: { [field]: [refusal.message] } } : { formErrors: [refusal.message] }),
    hideFields: options.hideFields,
  });
  return { result, status: refusal.status };
}

/**
 * One parser for route ids (`/cs/cases/:id`): a positive whole number. Anything else is bad input
 * (400, before any lookup); a well-formed id that names nothing is the route's own 404.
 */
export function requireId(params: Record<string, string | undefined>, name = "id"): number {
  const raw = params[name] ?? "";
  const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id))
    throw new Response(`“${raw}” is not an id: addresses here end in a positive whole number, like /cs/cases/42.`, { status: 400 });
  return id;
}
