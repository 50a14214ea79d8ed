import type { StateCore, Token } from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { boundedSource, createMarkdownParser, isSafeImageUrl, isSafeLinkUrl } from "../domain/markdown";
import { forEachPlainText, mentionSpans, type MentionSpan } from "../domain/mentions";

/*
 * A post's Markdown as HTML, behind two walls (docs/decisions/033): markdown-it with raw HTML off
 * and only safe URLs, then sanitize-html with an allowlist of tags, attributes and URL schemes,
 * so a mistake in one is caught by the other. Titles and names are never rendered here: they are text.
 */

/**
 * Bump when the renderer's output changes (a rule, an allowed tag): posts store their HTML with
 * the version that made it, and older ones are rendered again from their source by a job.
 * 2: mentions, table alignment as `align`, images lazy with no referrer, stricter URLs.
 */
export const MARKDOWN_RENDER_VERSION = 2;

export type RenderMarkdownOptions = {
  /** Lowercased handles of members who exist: `@handle` of one of them links to their profile; without it, no mention links. */
  knownHandles?: ReadonlySet<string>;
};

type RenderEnv = { knownHandles?: ReadonlySet<string> };

const markdown = createMarkdownParser();

/** `@handle` of a member who exists becomes a link to their profile (`/community/u/handle`). */
function linkMentions(state: StateCore) {
  const known = (state.env as RenderEnv).knownHandles;
  if (!known || known.size === 0) return;
  const edits: { children: Token[]; index: number; spans: MentionSpan[] }[] = [];
  forEachPlainText(state.tokens, (token, index, children, charBefore) => {
    const spans = mentionSpans(token.content, charBefore).filter((span) => known.has(span.handle.toLowerCase()));
    if (spans.length > 0) edits.push({ children, index, spans });
  });
  // Last first, so the indexes of earlier edits in the same paragraph stay right.
  for (const { children, index, spans } of edits.reverse()) {
    const text = children[index].content;
    const replacement: Token[] = [];
    const textToken = (content: string) => Object.assign(new state.Token("text", "", 0), { content });
    let at = 0;
    for (const span of spans) {
      if (span.start > at) replacement.push(textToken(text.slice(at, span.start)));
      const open = new state.Token("link_open", "a", 1);
      open.attrs = [
        ["href", `/community/u/${encodeURIComponent(span.handle.toLowerCase())}`],
        ["class", "mention"],
      ];
      replacement.push(open, textToken(text.slice(span.start, span.end)), new state.Token("link_close", "a", -1));
      at = span.end;
    }
    if (at < text.length) replacement.push(textToken(text.slice(at)));
    children.splice(index, 1, ...replacement);
  }
}
markdown.core.ruler.push("mentions", linkMentions);

// An image from anywhere but https shows its description as text instead.
markdown.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index];
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  if (!isSafeImageUrl(String(token.attrGet("src") ?? ""))) return markdown.utils.escapeHtml(alt);
  token.attrSet("alt", alt);
  token.attrSet("loading", "lazy");
  token.attrSet("referrerpolicy", "no-referrer");
  return self.renderToken(tokens, index, options);
};

// markdown-it aligns table cells with `style`, which the CSP (and the allowlist) refuse: `align` instead.
for (const rule of ["th_open", "td_open"] as const) {
  markdown.renderer.rules[rule] = (tokens, index, options, _env, self) => {
    const token = tokens[index];
    const alignment = /^text-align:(left|center|right)$/.exec(String(token.attrGet("style") ?? ""))?.[1];
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== "style");
    if (alignment) token.attrSet("align", alignment);
    return self.renderToken(tokens, index, options);
  };
}

const LINK_REL = "ugc nofollow noopener";

/** The second wall: only these tags and attributes leave the renderer, whatever markdown-it produced. */
const ALLOWLIST: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel", "class"],
    img: ["src", "alt", "title", { name: "loading", values: ["lazy"] }, { name: "referrerpolicy", values: ["no-referrer"] }],
    ol: ["start"],
    th: [{ name: "align", values: ["left", "center", "right"] }],
    td: [{ name: "align", values: ["left", "center", "right"] }],
    code: ["class"],
  },
  allowedClasses: { code: [/^language-[a-z0-9_+#.-]{1,32}$/i], a: ["mention"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["https"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
  allowProtocolRelative: false,
  // markdown-it with raw HTML off emits no other tag: one appearing is a bug, dropped with what it holds.
  disallowedTagsMode: "discard",
  parseStyleAttributes: false,
  transformTags: {
    a: (tagName, { href, ...attribs }) => ({
      tagName,
      attribs: { ...attribs, ...(href !== undefined && isSafeLinkUrl(href) ? { href } : {}), rel: LINK_REL },
    }),
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: "lazy", referrerpolicy: "no-referrer" } }),
  },
  exclusiveFilter: (frame) => frame.tag === "img" && !isSafeImageUrl(frame.attribs.src ?? ""),
};

/**
 * A post's Markdown as safe HTML: paragraphs, emphasis, links (http(s), mailto, paths of this
 * site; `rel="ugc nofollow noopener"`), https images (lazy, no referrer), code (fenced, with a
 * `language-*` class), tables, lists, blockquotes, and `@handle` links to the members in
 * `knownHandles`. No script, style or event attribute can come out of it.
 */
export function renderMarkdown(source: string, options: RenderMarkdownOptions = {}): string {
  const env: RenderEnv = { knownHandles: options.knownHandles };
  return sanitizeRenderedHtml(markdown.render(boundedSource(source), env));
}

/** The second wall alone (exported so a test can show it holds even against raw HTML). */
export function sanitizeRenderedHtml(html: string): string {
  return sanitizeHtml(html, ALLOWLIST);
}
