import MarkdownIt, { type MarkdownIt as MarkdownParser } from "markdown-it";

/*
 * How a post's Markdown is read: one parser configuration shared by the renderer (which turns it
 * into HTML) and by `mentionsIn` (which reads who is mentioned), so both agree on what is text,
 * what is code and what is a link.
 */

/**
 * The renderer reads at most this many characters of a source (a longer one is cut there), so
 * the work per post is bounded whatever arrives (Discourse's default post length too). Forms
 * refuse longer bodies before that.
 */
export const MARKDOWN_MAX_SOURCE_LENGTH = 32_000;

/** Blockquotes in lists in blockquotes…: deeper than this is left as text. */
const MAX_NESTING = 20;

// Whitespace, control characters and backslashes have no business in a URL we link to: browsers
// skip some of them inside a scheme (`java\tscript:`) and read `\` as `/` (`/\evil.example`).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_URL_CHARACTERS = /[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff\\]/;

/**
 * Where a post may link: an absolute http(s) URL with a host, a mailto: address, a path on this
 * site (`/community/t/1`, never `//host`) or a fragment. Anything else (javascript:, vbscript:,
 * data:, file:, relative paths, protocol-relative URLs) is not a link.
 */
export function isSafeLinkUrl(url: string): boolean {
  if (UNSAFE_URL_CHARACTERS.test(url)) return false;
  return /^https?:\/\/[^/?#]/i.test(url) || /^mailto:[^/]/i.test(url) || /^\/(?!\/)/.test(url) || /^#/.test(url);
}

/** Where a post's image may come from: https with a host, nothing else (no data:, no http, no path of ours). */
export function isSafeImageUrl(url: string): boolean {
  return !UNSAFE_URL_CHARACTERS.test(url) && /^https:\/\/[^/?#]/i.test(url);
}

/** A source cut to what the renderer reads. */
export function boundedSource(source: string): string {
  return source.length > MARKDOWN_MAX_SOURCE_LENGTH ? source.slice(0, MARKDOWN_MAX_SOURCE_LENGTH) : source;
}

/**
 * A Markdown parser with raw HTML off (a `<script>` in a post is text), links and images only to
 * the URLs above (an unsafe one stays text), bare URLs and emails linked, and line breaks kept
 * as written (as on Discourse).
 */
export function createMarkdownParser(): MarkdownParser {
  const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false, maxNesting: MAX_NESTING });
  // markdown-it hands the URL over already entity-decoded and percent-encoded, so `&#106;avascript:`
  // arrives as `javascript:` and a raw tab as `%09`.
  markdown.validateLink = isSafeLinkUrl;
  return markdown;
}
