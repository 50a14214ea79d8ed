import type { Token } from "markdown-it";
import { HANDLE_PATTERN } from "./community-handle";
import { boundedSource, createMarkdownParser } from "./markdown";

/*
 * `@handle` in a post: who gets a mention notification, and (in the renderer) which words become
 * links to a profile. A mention is plain text of the post: never inside code (`@x` in a code span
 * or block is code), never inside a link's text, never the middle of an email address
 * (`a@b.com`) or a path (`/@x`).
 */

/** At most this many members are mentioned by one post (the first ones written); Discourse's default too. */
export const MAX_MENTIONS_PER_POST = 10;

const HANDLE = HANDLE_PATTERN.source.replace(/^\^/, "").replace(/\$$/, "");
// After the handle: not more handle characters (a 31st letter means no handle at all) and no `@` (`@a@b.com`).
const MENTION = new RegExp(`@(${HANDLE})(?![a-z0-9_@-])`, "gi");
// Before the `@`: what would make it part of an email address, a path or a word. Japanese text
// right before it is fine (`こんにちは@alice`).
const WORD_BEFORE = /[a-z0-9_.+\-@/\\`=]/i;

export type MentionSpan = { start: number; end: number; handle: string };

/** The mentions in one run of plain text; `charBefore` is what precedes the run ("" at a boundary). */
export function mentionSpans(text: string, charBefore = ""): MentionSpan[] {
  const spans: MentionSpan[] = [];
  for (const match of text.matchAll(MENTION)) {
    const start = match.index;
    const before = start > 0 ? text[start - 1] : charBefore;
    if (before && WORD_BEFORE.test(before)) continue;
    const handle = match[1];
    if (!HANDLE_PATTERN.test(handle)) continue;
    spans.push({ start, end: start + match[0].length, handle });
  }
  return spans;
}

/**
 * Calls `visit` for every plain-text token of a paragraph, heading or table cell that is not
 * inside a link, with the character just before it. Code spans, code blocks and image
 * descriptions are other token types and never visited.
 */
export function forEachPlainText(tokens: Token[], visit: (token: Token, index: number, children: Token[], charBefore: string) => void) {
  for (const block of tokens) {
    if (block.type !== "inline" || !block.children) continue;
    const children = block.children;
    let linkDepth = 0;
    for (let i = 0; i < children.length; i++) {
      const token = children[i];
      if (token.type === "link_open") linkDepth++;
      else if (token.type === "link_close") linkDepth = Math.max(0, linkDepth - 1);
      else if (token.type === "text" && linkDepth === 0) {
        const previous = children[i - 1];
        visit(token, i, children, previous?.type === "text" ? previous.content.slice(-1) : "");
      }
    }
  }
}

const parser = createMarkdownParser();

/**
 * The handles a post mentions, lowercased, each once, in the order first written, at most
 * `limit` (a moderation rule counting mentions passes its own limit + 1 to see it exceeded).
 */
export function mentionsIn(source: string, limit = MAX_MENTIONS_PER_POST): string[] {
  if (!source.includes("@") || limit <= 0) return [];
  const found = new Set<string>();
  forEachPlainText(parser.parse(boundedSource(source), {}), (token, _index, _children, charBefore) => {
    for (const span of mentionSpans(token.content, charBefore)) {
      if (found.size >= limit) return;
      found.add(span.handle.toLowerCase());
    }
  });
  return [...found];
}
