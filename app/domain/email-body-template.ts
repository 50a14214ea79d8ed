/*
 * A body many emails share (a wave's invitation, rendered once per language) and what one email
 * puts in its slots (docs/decisions/040-a-wave-body-stored-once.md). Slots are plain capitals and
 * digits, which React Email's escaping and its text conversion leave as they are.
 */

export type BodyTemplate = { html: string; text: string };

/** Plain-text values by slot: the greeting "Dear Tanaka," is one. */
export type BodyValues = Record<string, string>;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/**
 * One email's body: every slot replaced by its value, HTML-escaped in the HTML part. A literal
 * replaceAll per slot (with a function, so a `$` in a name is never read as a pattern).
 */
export function fillBodyTemplate(template: BodyTemplate, values: BodyValues): BodyTemplate {
  let { html, text } = template;
  for (const [slot, value] of Object.entries(values)) {
    const escaped = escapeHtml(value);
    html = html.replaceAll(slot, () => escaped);
    text = text.replaceAll(slot, () => value);
  }
  return { html, text };
}
