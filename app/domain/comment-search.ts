/*
 * Comment search over SQLite FTS5 with the unicode61 tokenizer, which splits on spaces and
 * punctuation: fine for English, useless for Japanese, which has no spaces. So Japanese
 * characters are indexed one token each, and a Japanese term is searched as a phrase of its
 * characters — a substring match of any length ("遅い" finds "動作が遅いです").
 */

const JAPANESE_CHAR = "[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u30fc\\u3005]";
const JAPANESE = new RegExp(JAPANESE_CHAR, "gu");
const HAS_JAPANESE = new RegExp(JAPANESE_CHAR, "u");
export const SEARCH_MAX_LENGTH = 200;

function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** The text stored in the search index for a comment. */
export function searchableText(comment: string): string {
  return normalize(comment)
    .replace(JAPANESE, (ch) => ` ${ch} `)
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * An FTS5 MATCH expression for what a person typed: every term must occur; English terms match
 * as word prefixes ("export" finds "exports"), Japanese as substrings. Null when nothing is
 * left to search for. Quotes and FTS operators in the input are taken as plain text.
 */
export function searchMatchQuery(input: string): string | null {
  const terms = normalize(input.slice(0, SEARCH_MAX_LENGTH))
    .split(/\s+/)
    .map((term) =>
      searchableText(term)
        .replace(/[^\p{L}\p{N}\s]/gu, " ")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((term) => term.length > 0);
  if (terms.length === 0) return null;
  return terms.map((term) => (HAS_JAPANESE.test(term) || term.includes(" ") ? `"${term}"` : `"${term}"*`)).join(" AND ");
}
