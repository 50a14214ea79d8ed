import { z } from "zod";
import { searchableText } from "./comment-search";

/*
 * Community search (issue 13, decision 035). The index holds each post's text prepared by
 * `searchableText` (NFKC, lower case, every Japanese character a token of its own) and SQLite's
 * porter tokenizer stems the English words. So an English word finds its other forms
 * ("exporting" finds "export") and a Japanese run of any length is a phrase of its characters,
 * which is a substring match ("設定" finds "設定画面"). What a person typed never reaches FTS5
 * as syntax: every piece is quoted, and quotes, stars, parentheses and minus signs are dropped.
 */

export const COMMUNITY_SEARCH_MAX_LENGTH = 200;
export const COMMUNITY_SEARCH_PAGE_SIZE = 20;

const JAPANESE_CHAR = "[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u30fc\\u3005]";
const PIECES = new RegExp(`${JAPANESE_CHAR}+|(?:(?!${JAPANESE_CHAR})[\\p{L}\\p{N}])+`, "gu");
const IS_JAPANESE = new RegExp(`^${JAPANESE_CHAR}`, "u");
const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;

export type SearchPiece = { text: string; japanese: boolean };

/** The words and Japanese runs of what a person typed, normalised; nothing else survives. */
export function searchPieces(input: string): SearchPiece[] {
  const text = input.slice(0, COMMUNITY_SEARCH_MAX_LENGTH).normalize("NFKC").toLowerCase();
  return [...text.matchAll(PIECES)].map(([piece]) => ({ text: piece, japanese: IS_JAPANESE.test(piece) }));
}

function phrase(piece: SearchPiece): string {
  // The pieces hold only letters and digits, so a quoted piece is always one FTS5 phrase.
  return `"${piece.japanese ? [...piece.text].join(" ") : piece.text}"`;
}

export type CommunityMatch = {
  /** The FTS5 MATCH expression, or null when nothing is left to search for. */
  match: string | null;
  /** A one-character query searches titles only (it would match most posts). */
  titleOnly: boolean;
  pieces: SearchPiece[];
};

/** Every piece must occur; a one-character query looks in titles only. */
export function communityMatchQuery(input: string): CommunityMatch {
  const pieces = searchPieces(input);
  if (pieces.length === 0) return { match: null, titleOnly: false, pieces };
  const characters = pieces.reduce((sum, piece) => sum + [...piece.text].length, 0);
  const all = pieces.map(phrase).join(" AND ");
  if (characters === 1) return { match: `title : ${all}`, titleOnly: true, pieces };
  return { match: all, titleOnly: false, pieces };
}

/**
 * Topics like a title being typed: any of its English words (three letters or more) or its
 * kanji and katakana runs (two characters or more; hiragana is mostly grammar), in titles,
 * best first. Null when the title has nothing to go on yet.
 */
export function similarTitleQuery(title: string): string | null {
  const seen = new Set<string>();
  const pieces: SearchPiece[] = [];
  for (const piece of searchPieces(title)) {
    const parts = piece.japanese ? piece.text.split(/[\p{Script=Hiragana}]+/u).filter((part) => part.length >= 2 && !HIRAGANA_ONLY.test(part)) : [piece.text];
    for (const text of parts) {
      if (!piece.japanese && (text.length < 3 || STOP_WORDS.has(text))) continue;
      if (seen.has(text)) continue;
      seen.add(text);
      pieces.push({ text, japanese: piece.japanese });
    }
  }
  if (pieces.length === 0) return null;
  return `title : (${pieces.slice(0, 12).map(phrase).join(" OR ")})`;
}

const STOP_WORDS = new Set(
  "the and for are but not you all any can her was one our out has have how why what when who with from this that there their they them then than into does did doing about after again being some such only own same very just should would could will your yours been were which while where because before between".split(
    " ",
  ),
);

/** The text a post's Markdown is indexed and quoted as: what a reader sees, without the markup. */
export function markdownPlainText(source: string): string {
  return (
    source
      // Fences and indented code keep their text (people search error messages).
      .replace(/^\s*(```|~~~).*$/gm, " ")
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]*)\]\[[^\]]*\]/g, "$1")
      .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/gm, " ")
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, "$1")
      .replace(/^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, "")
      .replace(/^\s*([-*_]\s*){3,}$/gm, " ")
      .replace(/(\*{1,3}|_{1,3}|~~|`+)(?=\S)([^\n]*?\S)\1/g, "$2")
      .replace(/\s+/g, " ")
      .trim()
  );
}

export type IndexedCandidate = { postId: number; topicId: number; title: string; body: string };

/** Title matches weigh ten body matches. */
export const TITLE_WEIGHT = 10;
const K1 = 1.2;
const B = 0.75;

/** Counts `needle` in `hay`; the next match may start `overlap` characters before this one ends. */
function countOf(hay: string, needle: string, overlap = 0): number {
  let n = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length - overlap)) n++;
  return n;
}

/** Words in an indexed column (the index separates every token by one space). */
function tokenCount(indexed: string): number {
  return indexed === "" ? 0 : countOf(indexed, " ") + 1;
}

/**
 * How to count a piece in an indexed column: Japanese as its characters spaced out between
 * spaces, English as any word starting with its stem.
 */
function pieceCounter(piece: SearchPiece): (indexed: string) => number {
  if (piece.japanese) {
    const needle = ` ${[...piece.text].join(" ")} `;
    // The next match may start at this one's closing space.
    return (indexed) => (indexed === "" ? 0 : countOf(` ${indexed} `, needle, 1));
  }
  const needle = ` ${highlightStem(piece.text)}`;
  return (indexed) => (indexed === "" ? 0 : countOf(` ${indexed}`, needle));
}

/**
 * BM25 over the candidates (decision 035): every candidate holds every piece (the match is an
 * AND), so a piece's rarity weighs nothing among them and the score is the sum of each piece's
 * saturated frequency (the title's counted ten times) against the post's length. Best post of
 * each topic, best topic first (the newer topic on a tie). English forms are counted by their
 * stem's prefix, as the highlighting marks them; the index matched them with porter.
 */
export function rankCandidates(candidates: IndexedCandidate[], pieces: SearchPiece[]): { topicId: number; postId: number; score: number }[] {
  if (candidates.length === 0) return [];
  const counters = pieces.map(pieceCounter);
  const lengths = candidates.map((candidate) => tokenCount(candidate.title) + tokenCount(candidate.body));
  const average = lengths.reduce((sum, length) => sum + length, 0) / candidates.length || 1;
  const best = new Map<number, { topicId: number; postId: number; score: number }>();
  candidates.forEach((candidate, i) => {
    let score = 0;
    for (const count of counters) {
      const tf = TITLE_WEIGHT * count(candidate.title) + count(candidate.body);
      score += (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths[i]) / average));
    }
    const kept = best.get(candidate.topicId);
    if (!kept || score > kept.score) best.set(candidate.topicId, { topicId: candidate.topicId, postId: candidate.postId, score });
  });
  return [...best.values()].sort((a, b) => b.score - a.score || b.topicId - a.topicId);
}

/** The two columns of a post's row in the index. */
export function communitySearchRow(title: string | null, source: string): { title: string; body: string } {
  return { title: title ? searchableText(title) : "", body: searchableText(markdownPlainText(source)) };
}

/** A crude English stem for highlighting only (the index uses porter): "exporting" → "export". */
export function highlightStem(word: string): string {
  const stem = word.replace(/(ations?|ings?|ed|es|er|ers|ly|s)$/u, "");
  return stem.length >= 3 ? stem : word;
}

/** A letter or digit of a word that is not Japanese (Japanese text runs straight into Latin words). */
const WORD_CHAR = `(?:(?!${JAPANESE_CHAR})[\\p{L}\\p{N}])`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One regular expression finding what the pieces match in text: English words by stem, Japanese anywhere. */
export function highlightPattern(pieces: SearchPiece[]): RegExp | null {
  if (pieces.length === 0) return null;
  const parts = [
    ...new Set(pieces.map((piece) => (piece.japanese ? escapeRegExp(piece.text) : `(?<!${WORD_CHAR})${escapeRegExp(highlightStem(piece.text))}${WORD_CHAR}*`))),
  ];
  // Longest first, so "設定画面" wins over "設定" where both match.
  parts.sort((a, b) => b.length - a.length);
  return new RegExp(parts.join("|"), "giu");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Text escaped, then its matches wrapped in `<mark>`: safe to render as HTML. */
export function markMatches(text: string, pattern: RegExp | null): string {
  if (!pattern) return escapeHtml(text);
  pattern.lastIndex = 0;
  let html = "";
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match[0].length === 0) continue;
    html += escapeHtml(text.slice(at, match.index)) + `<mark>${escapeHtml(match[0])}</mark>`;
    at = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(at));
}

/**
 * A window of about `length` characters of a post's text around its first match, escaped, with
 * the matches marked; "…" where it was cut.
 */
export function searchSnippet(source: string, pieces: SearchPiece[], length = 180): string {
  // Full-width letters and digits and half-width katakana as the index has them (so they can be
  // marked); Japanese punctuation as written.
  const text = markdownPlainText(source).replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uff9f]+/g, (run) => run.normalize("NFKC"));
  const pattern = highlightPattern(pieces);
  const chars = [...text];
  if (chars.length <= length) return markMatches(text, pattern);
  let first = 0;
  if (pattern) {
    pattern.lastIndex = 0;
    const found = pattern.exec(text);
    if (found) first = [...text.slice(0, found.index)].length;
    pattern.lastIndex = 0;
  }
  let start = Math.max(0, first - Math.floor(length / 3));
  const end = Math.min(chars.length, start + length);
  start = Math.max(0, end - length);
  const window = chars.slice(start, end).join("");
  return (start > 0 ? "…" : "") + markMatches(window, pattern) + (end < chars.length ? "…" : "");
}

const DAY = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((day) => {
    const time = Date.parse(`${day}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
  });

/** The search page's query string (a GET form); anything unknown or malformed is dropped, never an error. */
export const CommunitySearchParams = z.object({
  q: z
    .string()
    .catch("")
    .transform((value) => value.slice(0, COMMUNITY_SEARCH_MAX_LENGTH).trim()),
  category: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional()
    .catch(undefined),
  solved: z.enum(["solved", "unsolved"]).optional().catch(undefined),
  author: z
    .string()
    .transform((value) => value.trim().replace(/^@/, ""))
    .pipe(z.string().regex(/^[\p{L}\p{N}_-]{1,40}$/u))
    .optional()
    .catch(undefined),
  from: DAY.optional().catch(undefined),
  to: DAY.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(50).catch(1).default(1),
});
export type CommunitySearchParams = z.infer<typeof CommunitySearchParams>;

/** The query string's values (repeated keys: the first one), ready for `CommunitySearchParams`. */
export function searchParamsObject(params: URLSearchParams): Record<string, string> {
  const object: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in object) && value !== "") object[key] = value;
  return object;
}
