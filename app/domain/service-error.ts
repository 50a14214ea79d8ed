import { resources, type Language } from "../locales";

type Messages = (typeof resources)["en"]["console"]["errors"];
/** Every refusal a service can give, named by its code (the keys of `errors` in the console strings). */
export type ErrorCode = keyof Messages extends infer K ? (K extends `${infer Base}_${"one" | "other"}` ? Base : K) : never;
export type ErrorParams = Record<string, string | number>;
export type ServiceErrorStatus = 400 | 403 | 404 | 409 | 413 | 422 | 429;

/**
 * A refusal a person can act on: an HTTP status, a code and its parameters (never an English
 * sentence: the page words it in the reader's language with `errorMessage`), and the form field
 * it is about when there is one. `detail` carries structured data a page lists (rejected rows, an
 * import preview). `message` is the English wording, for logs and tests.
 */
export class ServiceError<Detail = unknown> extends Error {
  constructor(
    readonly status: ServiceErrorStatus,
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    readonly field?: string,
    readonly detail?: Detail,
  ) {
    super(errorMessage(code, params, "en"));
    this.name = "ServiceError";
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}

const pluralRules = new Map<Language, Intl.PluralRules>();

/**
 * The sentence for a code in a language: `{{name}}` filled from params, `_one`/`_other` chosen by
 * `count`, and a `context` param picking the variant `code_<context>` when there is one (i18next's
 * convention), so a code can say which thing it is about in words each language builds itself.
 */
export function errorMessage(code: ErrorCode, params: ErrorParams = {}, language: Language = "en"): string {
  const messages = resources[language].console.errors as Record<string, string>;
  const context = typeof params.context === "string" ? messages[`${code}_${params.context}`] : undefined;
  let template = context ?? messages[code];
  if (template === undefined && typeof params.count === "number") {
    let rules = pluralRules.get(language);
    if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
    const form = rules.select(params.count);
    template = messages[`${code}_${form}`] ?? messages[`${code}_other`];
  }
  if (template === undefined && language !== "en") return errorMessage(code, params, "en");
  return (template ?? code).replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
