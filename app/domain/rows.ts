import { z } from "zod";
import { DAY_MS } from "./days";
import { hasControlCharacters } from "./header-text";
import type { ErrorCode, ErrorParams } from "./service-error";

/**
 * Building blocks shared by the account and contact row schemas. A "row" is one record
 * arriving from outside (a CSV line or an element of a JSON API array); both paths parse it
 * with the same schema so the same data is accepted or refused the same way.
 */

/**
 * Why a row was refused: its own content is wrong (`invalid_value`, `unknown_field`), it repeats
 * an earlier row's key (`duplicate`), or it names something Kizuna does not have
 * (`unknown_reference`: a currency without thresholds, a CSM, an account), or it names a person
 * whose data was erased at their request (`do_not_contact`, docs/decisions/043).
 */
export type RowErrorCode = "invalid_value" | "unknown_field" | "duplicate" | "unknown_reference" | "do_not_contact";

/**
 * One problem with one row. `path` is the field inside the row, e.g. `acv.amount`. `message` is
 * English, for the JSON API's machines and logs; `reason` is the same as a code of the console's
 * `errors` with its parameters, for a page to word in its reader's language. A duplicate's
 * `firstIndex` is the row it repeats (a page names it by its line).
 */
export type RowError = { index: number; path: string; code: RowErrorCode; message: string; reason: RowReason };
export type RowReason = { code: ErrorCode; params?: ErrorParams; firstIndex?: number };

/** Describes a row to a person: "line 7" for a CSV file, "index 6" for an API payload. */
export type DescribeRow = (index: number) => string;

export const MAX_ROW_TEXT = 200;

/** Names and titles are one line: a line break inside a spreadsheet cell becomes a space. */
function oneLine(value: string): string {
  return value.replace(/[ \t]*[\r\n\t]+[ \t]*/g, " ");
}

/** Required, trimmed, bounded text. */
export function requiredText(max: number, what: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? `required: ${what}` : "must be text") })
    .overwrite(oneLine)
    .trim()
    .min(1, { error: `required: ${what}`, abort: true })
    .max(max, { error: `at most ${max} characters`, abort: true })
    .refine((value) => !hasControlCharacters(value), "contains control characters");
}

/** Optional text where `null` (or an empty CSV cell) clears the value and absence keeps it. */
export function clearableText(max: number) {
  return z
    .string({ error: "must be text or null" })
    .overwrite(oneLine)
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((value) => !hasControlCharacters(value), "contains control characters")
    .transform((value) => (value === "" ? null : value))
    .nullish();
}

export const emailAddress = z
  .string({ error: (issue) => (issue.input === undefined || issue.input === null ? "required: an email address" : "must be text") })
  .trim()
  .toLowerCase()
  .max(254, "at most 254 characters")
  .pipe(z.email("use an email address like name@example.com"));

/** True for a date that exists in the calendar (2024-02-29 yes, 2025-02-29 no). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2999) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const isoDate = z
  .string({ error: "use a date like 2025-04-01 (YYYY-MM-DD)" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "use a date like 2025-04-01 (YYYY-MM-DD)", abort: true })
  .refine(isCalendarDate, { error: (issue) => `${String(issue.input)} is not a date in the calendar` });

/** Today's date in UTC as YYYY-MM-DD. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The calendar date `days` after (or, negative, before) a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  return todayIso(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * The account's web domain as a bare lower-case hostname: "https://WWW.Example.co.jp/about"
 * becomes "www.example.co.jp" and internationalized names become their ASCII (punycode) form,
 * so the same company is always written the same way. Null when it is not a hostname.
 */
export function normalizeDomain(input: string): string | null {
  let text = input.trim().toLowerCase();
  if (text === "") return null;
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/^[^@/]*@/, "");
  text = text.split(/[/?#]/)[0].replace(/:\d+$/, "").replace(/\.$/, "");
  let hostname: string;
  try {
    hostname = new URL(`http://${text}`).hostname;
  } catch {
    return null;
  }
  return HOSTNAME.test(hostname) ? hostname : null;
}

export const domainName = z
  .string({ error: "must be text or null" })
  .transform((value, ctx) => {
    if (value.trim() === "") return null;
    const domain = normalizeDomain(value);
    if (domain === null) {
      ctx.addIssue({ code: "custom", message: "use a hostname like example.com" });
      return z.NEVER;
    }
    return domain;
  })
  .nullish();

/** Lower-cases the value before an enum check, so "Onboarding" and "JA" are accepted. */
export function lowerCased<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === "string" ? value.trim().toLowerCase() : value), schema);
}

/**
 * Turns zod issues for row `index` into row errors with dotted paths relative to the row.
 * An unknown field is reported at its own path so a typo (`renewal_date`) points at itself.
 */
export function rowErrorsFromZod(index: number, error: z.ZodError, knownFields: readonly string[]): RowError[] {
  const errors: RowError[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        errors.push({
          index,
          path: [...issue.path, key].join("."),
          code: "unknown_field",
          message: `unknown field; the fields are ${knownFields.join(", ")}`,
          reason: { code: "rowUnknownField", params: { fields: knownFields.join(", ") } },
        });
      }
      continue;
    }
    errors.push({ index, path: issue.path.map(String).join("."), code: "invalid_value", message: issue.message, reason: reasonOfIssue(issue) });
  }
  return errors;
}

const CALENDAR = / is not a date in the calendar$/;

/** What a row schema's issue means, as a code a page words (the schemas' own messages are English, for the API). */
export function reasonOfIssue(issue: z.core.$ZodIssue): RowReason {
  const last = String(issue.path[issue.path.length - 1] ?? "");
  switch (issue.code) {
    case "invalid_type":
      // Issues do not carry their input: the schemas above say "required: …" for a missing value.
      if (issue.message.startsWith("required")) return { code: "rowRequired" };
      if (issue.expected === "int" || issue.expected === "number") return { code: "rowWholeNumber" };
      return { code: "rowWrongType" };
    case "too_small":
      if (issue.origin === "string") return { code: "rowRequired" };
      return { code: "rowNegative" };
    case "too_big":
      return { code: "rowTooLong", params: { max: Number(issue.maximum) } };
    case "invalid_format":
      if (issue.format === "email") return { code: "rowEmail" };
      return last === "currency" ? { code: "rowCurrency" } : { code: "rowDate" };
    case "invalid_value":
      return { code: "rowOneOf", params: { values: issue.values.map(String).join(", ") } };
    case "custom":
      if (CALENDAR.test(issue.message)) return { code: "rowNotCalendarDate", params: { value: issue.message.replace(CALENDAR, "") } };
      if (issue.message === "contains control characters") return { code: "rowControlCharacters" };
      if (last === "domain") return { code: "rowDomain" };
      return { code: "rowInvalid" };
    default:
      return { code: "rowInvalid" };
  }
}

/** Keeps the first error per path: "required" is enough, without "must be text" beside it. */
export function firstErrorPerPath(errors: RowError[]): RowError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.index}:${error.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
