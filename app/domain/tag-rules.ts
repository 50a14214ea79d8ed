/**
 * Keyword rules an admin writes to tag NPS comments ("price", "高い" → Pricing). Comments arrive in
 * English and Japanese, typed on every kind of keyboard, so both sides are normalized first.
 *
 * English keywords match whole words (plus a plural "s"/"es"), so "ice" never tags "price".
 * Japanese has no spaces between words, so a keyword with kana or kanji matches anywhere in the
 * text: "遅い" tags "動作が遅いです", at the cost of "ログ" also tagging "ブログ".
 */
export type TagRule = { tagId: number; keywords: string[] };

export const MAX_KEYWORDS_PER_RULE = 50;
export const MAX_KEYWORD_LENGTH = 60;

/** Scripts written without spaces between words; a keyword using them matches as a substring. */
const JAPANESE = /[\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Han}]/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const LATIN_LETTER = /^\p{Script=Latin}$/u;
const KEYWORD_SEPARATORS = /[,，、､\r\n]/;

/** NFKC (full-width ＡＢＣ → abc, half-width ｶﾀｶﾅ → カタカナ), lower case, whitespace collapsed to one space. */
export function normalizeForMatching(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** The ids of the rules with a keyword in `comment`, each once, in rule order. */
export function matchTagRules(comment: string | null, rules: readonly TagRule[]): number[] {
  if (!comment) return [];
  const text = normalizeForMatching(comment);
  if (!text) return [];
  const tagIds: number[] = [];
  for (const rule of rules) {
    if (tagIds.includes(rule.tagId)) continue;
    if (preparedKeywords(rule).some((keyword) => keywordOccurs(text, keyword))) tagIds.push(rule.tagId);
  }
  return tagIds;
}

type PreparedKeyword = { text: string; japanese: boolean };

const preparedByRule = new WeakMap<TagRule, PreparedKeyword[]>();

/** A rule's keywords normalized once per rule object: a re-tagging chunk matches thousands of comments against the same rules. */
function preparedKeywords(rule: TagRule): PreparedKeyword[] {
  let prepared = preparedByRule.get(rule);
  if (!prepared) {
    prepared = rule.keywords
      .map(normalizeForMatching)
      .filter(Boolean)
      .map((text) => ({ text, japanese: JAPANESE.test(text) }));
    preparedByRule.set(rule, prepared);
  }
  return prepared;
}

/** A keyword list a rule cannot take: a code of the console's `errors` and its params (the page words it). */
export class KeywordRuleError extends RangeError {
  constructor(
    readonly code: "tagKeywordTooLong" | "tagKeywordsTooMany",
    readonly params: { max: number; keyword?: string; count?: number },
  ) {
    super(code);
    this.name = "KeywordRuleError";
  }
}

/**
 * Keywords from an admin's textarea: one a line or separated by commas (",", "，", "、"), trimmed,
 * blanks dropped, duplicates after normalization dropped (the first spelling is kept).
 */
export function parseKeywords(input: string): string[] {
  const keywords: string[] = [];
  const seen = new Set<string>();
  for (const piece of input.split(KEYWORD_SEPARATORS)) {
    const keyword = piece.trim().replace(/\s+/g, " ");
    const normalized = normalizeForMatching(keyword);
    if (!normalized || seen.has(normalized)) continue;
    seen.add(normalized);
    if ([...keyword].length > MAX_KEYWORD_LENGTH) {
      throw new KeywordRuleError("tagKeywordTooLong", { max: MAX_KEYWORD_LENGTH, keyword: [...keyword].slice(0, 20).join("") });
    }
    keywords.push(keyword);
  }
  if (keywords.length > MAX_KEYWORDS_PER_RULE) {
    throw new KeywordRuleError("tagKeywordsTooMany", { max: MAX_KEYWORDS_PER_RULE, count: keywords.length });
  }
  return keywords;
}

/** `text` is normalized. */
function keywordOccurs(text: string, { text: keyword, japanese }: PreparedKeyword): boolean {
  if (japanese) return text.includes(keyword);
  const chars = [...keyword];
  // Boundaries only matter at an end that is a letter or digit: "c++" may be followed by anything.
  const checkStart = isWordChar(chars[0]);
  const checkEnd = isWordChar(chars[chars.length - 1]);
  const suffixes = LATIN_LETTER.test(chars[chars.length - 1]) ? ["", "s", "es"] : [""];
  for (let at = text.indexOf(keyword); at !== -1; at = text.indexOf(keyword, at + 1)) {
    if (checkStart && isWordChar(charBefore(text, at))) continue;
    const end = at + keyword.length;
    if (!checkEnd || suffixes.some((suffix) => text.startsWith(suffix, end) && !isWordChar(charAt(text, end + suffix.length)))) return true;
  }
  return false;
}

/**
 * A character that continues a word. Kana and kanji do not: in "UIが重い" the word "ui" ends at "が",
 * since Japanese text puts no space after an English word.
 */
function isWordChar(char: string): boolean {
  return LETTER_OR_DIGIT.test(char) && !JAPANESE.test(char);
}

function charBefore(text: string, index: number): string {
  if (index <= 0) return "";
  const code = text.charCodeAt(index - 1);
  const isLowSurrogate = code >= 0xdc00 && code <= 0xdfff;
  return isLowSurrogate && index >= 2 ? text.slice(index - 2, index) : text.slice(index - 1, index);
}

function charAt(text: string, index: number): string {
  const codePoint = text.codePointAt(index);
  return codePoint === undefined ? "" : String.fromCodePoint(codePoint);
}
