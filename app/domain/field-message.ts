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
  if (!text.startsWith(MARK)) return text;
  const space = text.indexOf(" ");
  const code = (space < 0 ? text.slice(1) : text.slice(1, space)) as ErrorCode;
  let params: ErrorParams = {};
  if (space >= 0) {
    try {
      params = JSON.parse(text.slice(space + 1)) as ErrorParams;
    } catch {
      return text;
    }
  }
  return errorMessage(code, params, language);
}

/** The code and parameters inside a message from `fieldMessage`, or null for a sentence already worded. */
export function readFieldMessage(text: string): { code: ErrorCode; params: ErrorParams } | null {
  if (!text.startsWith(MARK)) return null;
  const space = text.indexOf(" ");
  try {
    return {
      code: (space < 0 ? text.slice(1) : text.slice(1, space)) as ErrorCode,
      params: space < 0 ? {} : (JSON.parse(text.slice(space + 1)) as ErrorParams),
    };
  } catch {
    return null;
  }
}
