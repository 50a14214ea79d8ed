/**
 * How a response's rule tags change when its comment (or the rules) change. Rules own only the
 * tags they put there: a tag a person added stays whatever the rules say, and a rule never adds
 * a second row for a tag the response already carries by hand.
 */
export type ResponseTagSource = "manual" | "rule";
export type CurrentTag = { tagId: number; source: ResponseTagSource };
export type RuleTagChange = { add: number[]; remove: number[] };

export function ruleTagChange(current: readonly CurrentTag[], matched: readonly number[]): RuleTagChange {
  const wanted = new Set(matched);
  const present = new Set(current.map((tag) => tag.tagId));
  const add = [...wanted].filter((tagId) => !present.has(tagId));
  const remove = current.filter((tag) => tag.source === "rule" && !wanted.has(tag.tagId)).map((tag) => tag.tagId);
  return { add, remove };
}

export const MAX_TAG_NAME_LENGTH = 40;

/** A tag name as typed: trimmed, inner whitespace collapsed; null when empty or too long. */
export function cleanTagName(input: string): string | null {
  const name = input.normalize("NFKC").trim().replace(/\s+/g, " ");
  if (!name || [...name].length > MAX_TAG_NAME_LENGTH) return null;
  return name;
}
