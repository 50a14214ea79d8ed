import type { Language } from "../locales";
import { errorMessage, type ErrorCode, type ErrorParams } from "./service-error";

/**
 * A zod schema is shared by the route, the service and the browser, and does not know who reads
 * its messages. So a schema's message is a code from the console's `errors` (with its parameters),
 * never an English sentence, and the form words it in the reader's language when it renders.
 */
const MARK = "@";

export function fieldMessage(code: ErrorCode, params?: ErrorParams): string {
  return params ? `${MARK}${code} ${JSON.stringify(params)}` : `${MARK}${code}`;
}

/** The sentence for a message from `fieldMessage` in a language; any other text (a sentence already worded) as it is. */
export function wordMessage(text: string, language: Language): string {
  const coded = parseFieldMessage(text);
  return coded ? errorMessage(coded.code, coded.params, language) : text;
}

/** The code and parameters of a message from `fieldMessage` (a service turns a schema's issue into its refusal), or null for any other text. */
export function parseFieldMessage(text: string): { code: ErrorCode; params: ErrorParams } | null {
  if (!text.startsWith(MARK)) return null;
  const space = text.indexOf(" ");
  const code = (space < 0 ? text.slice(1) : text.slice(1, space)) as ErrorCode;
  let params: ErrorParams = {};
  if (space >= 0) {
    try {
      params = JSON.parse(text.slice(space + 1)) as ErrorParams;
    } catch {
      return null;
    }
  }
  return { code, params };
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
