import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

/**
 * Bump when the renderer's output changes (a rule, an allowed tag): posts store their HTML with
 * the version that made it, and older ones are rendered again from their source.
 */
export const MARKDOWN_RENDER_VERSION = 1;

// Raw HTML off: a `<script>` in a post is text. The sanitiser below is the second wall.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

const SAFE_SCHEME = /^(https?:|mailto:)/i;
markdown.validateLink = (url) => SAFE_SCHEME.test(url.trim()) || /^[/#]/.test(url.trim()) === true;

const ALLOWED: sanitizeHtml.IOptions = {
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
    "del",
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
    a: ["href", "rel"],
    img: ["src", "alt", "title", "loading", "referrerpolicy"],
    ol: ["start"],
    th: ["align"],
    td: ["align"],
    code: ["class"],
  },
  allowedClasses: { code: [/^language-[a-z0-9+#-]+$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "escape",
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "ugc nofollow noopener" } }),
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: "lazy", referrerpolicy: "no-referrer" } }),
  },
  exclusiveFilter: (frame) => frame.tag === "img" && !/^https:\/\//i.test(frame.attribs.src ?? ""),
};

/** A post's Markdown as safe HTML: Markdown with raw HTML off, then an allowlist sanitiser. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), ALLOWED);
}
