/**
 * Text that can reach an email header (a subject, a sender or recipient name) must be one line:
 * a CR or LF in a staff name or a product name would let it start headers of its own. Forms,
 * CSV rows and the API refuse such text where it is typed; the outbox checks again before it
 * writes a row.
 */

// C0 controls (NUL, tab, CR, LF…), DEL, C1 controls, and Unicode's line and paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/** The field error for a value that holds control characters. */
export const ONE_LINE_MESSAGE = "must be on one line, without line breaks, tabs or other control characters";
