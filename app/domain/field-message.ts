import type { Language } from "../locales";
import { errorMessage, ServiceError, type ErrorCode, type ErrorParams } from "./service-error";

/**
 * A zod schema is shared by the route, the service and the browser, and does not know who reads
 * its messages. So a schema's message is a code from the console's `errors` (with its parameters),
 * never an English sentence, and the form words it in the reader's language when it renders.
 */
const MARK = "@";

export function fieldMessage(code: ErrorCode, params?: ErrorParams): string {
  return params ? `${MARK}${code} ${JSON.stringify(params)}` : `${MARK}${code}`;
}

/**
 * The sentence for a message from `fieldMessage` in a language; zod's own default messages worded
 * the same way (see below); any other text (a sentence already worded) as it is.
 */
export function wordMessage(text: string, language: Language): string {
  const coded = readFieldMessage(text);
  if (coded) return errorMessage(coded.code, coded.params, language);
  const zodDefault = zodDefaultCode(text);
  return zodDefault ? errorMessage(zodDefault[0], zodDefault[1] ?? {}, language) : text;
}

/** Several coded messages kept as one text (an outbox row's last error), one a line. */
export function joinMessages(...messages: string[]): string {
  return messages.join("\n");
}

/** Words every line of a text from `joinMessages` (older rows hold plain sentences: they pass through). */
export function wordMessages(text: string, language: Language): string {
  return text
    .split("\n")
    .map((line) => wordMessage(line, language))
    .join(" ");
}

/** The code and parameters of a message from `fieldMessage`, or null for any other text. */
export function readFieldMessage(text: string): { code: ErrorCode; params: ErrorParams } | null {
  if (!text.startsWith(MARK)) return null;
  const space = text.indexOf(" ");
  const code = (space < 0 ? text.slice(1) : text.slice(1, space)) as ErrorCode;
  try {
    return { code, params: space < 0 ? {} : (JSON.parse(text.slice(space + 1)) as ErrorParams) };
  } catch {
    return null;
  }
}

/**
 * A service's refusal for input its schema rejected: the schema's own code when it has one,
 * else `settingsInvalid` naming the field (a path, not a sentence).
 */
export function refusalOfIssue(issue: { message: string; path: PropertyKey[] }, prefix = ""): ServiceError {
  const field = `${prefix}${issue.path.map(String).join(".")}`;
  const coded = readFieldMessage(issue.message);
  if (coded) return new ServiceError(400, coded.code, coded.params, field || undefined);
  return new ServiceError(400, "settingsInvalid", { field: field || "input" }, field || undefined);
}

/*
 * zod's own messages, for a field whose schema gives none ("Invalid input: expected string,
 * received undefined" for a missing field): English sentences meant for developers. The console
 * words them like its own codes, so a Japanese page never shows them; the API keeps zod's text
 * (it is for machines). The patterns are zod 4's English locale; field-message.test parses real
 * schemas, so a zod upgrade that rewords them fails there rather than on a page.
 */
const ZOD_DEFAULTS: [RegExp, (match: RegExpMatchArray) => [ErrorCode, ErrorParams?]][] = [
  [/^Invalid input: expected \w+, received undefined$/, () => ["fieldRequired"]],
  [/^Too small: expected string to have >=1 characters?$/, () => ["fieldRequired"]],
  [/^Too small: expected string to have >=(\d+) characters?$/, (m) => ["fieldTooShort", { min: Number(m[1]) }]],
  [/^Too big: expected string to have <=(\d+) characters?$/, (m) => ["fieldTooLong", { max: Number(m[1]) }]],
  [/^Too small: expected number to be >=(-?[\d.]+)$/, (m) => ["fieldTooSmall", { min: Number(m[1]) }]],
  [/^Too big: expected number to be <=(-?[\d.]+)$/, (m) => ["fieldTooBig", { max: Number(m[1]) }]],
  [/^Too small: expected (?:array|set) to have >=(\d+) items?$/, (m) => ["fieldTooFew", { min: Number(m[1]) }]],
  [/^Too big: expected (?:array|set) to have <=(\d+) items?$/, (m) => ["fieldTooMany", { max: Number(m[1]) }]],
  [/^Invalid option: expected one of /, () => ["fieldChoice"]],
  [/^Invalid input: expected "/, () => ["fieldChoice"]],
  [/^Invalid email address$/, () => ["fieldEmail"]],
  [/^Invalid URL$/, () => ["fieldUrl"]],
  [/^Invalid input: expected (?:number|int|bigint), received \w+$/, () => ["fieldNumber"]],
  [/^Invalid input: expected date, received \w+$|^Invalid (?:ISO )?date/, () => ["fieldDate"]],
  [/^Invalid (?:string|input): must /, () => ["fieldFormat"]],
  [/^(?:Too small|Too big): |^Invalid input(?:: .*)?$/, () => ["fieldInvalid"]],
];

/** The console's code for one of zod's own English messages, or null for any other text. */
export function zodDefaultCode(text: string): [ErrorCode, ErrorParams?] | null {
  for (const [pattern, code] of ZOD_DEFAULTS) {
    const match = text.match(pattern);
    if (match) return code(match);
  }
  return null;
}
