import { DomUtils, parseDocument } from "htmlparser2";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { XSS_PAYLOADS, withTripwire } from "../../test/fixtures/xss-payloads";
import { MARKDOWN_MAX_SOURCE_LENGTH } from "../domain/markdown";
import { MARKDOWN_RENDER_VERSION, renderMarkdown, sanitizeRenderedHtml } from "./markdown.server";

// markdown-it as it would be if raw HTML were on: what the sanitiser alone must hold against.
const rawHtmlMarkdown = new MarkdownIt({ html: true, linkify: true });

const KNOWN = new Set(["alice", "bob"]);

/** What a rendered post may hold, written out here on its own so that widening the renderer's allowlist fails a test. */
const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  p: [],
  br: [],
  hr: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  strong: [],
  em: [],
  s: [],
  code: ["class"],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ["start"],
  li: [],
  a: ["href", "title", "rel", "class"],
  img: ["src", "alt", "title", "loading", "referrerpolicy"],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ["align"],
  td: ["align"],
};

/** Every problem an allowlist walk finds in rendered HTML (empty: clean). */
function allowlistViolations(html: string): string[] {
  const problems: string[] = [];
  const document = parseDocument(html, { decodeEntities: true });
  for (const element of DomUtils.findAll(() => true, document.children)) {
    const allowed = ALLOWED_ATTRIBUTES[element.name];
    if (!allowed) {
      problems.push(`<${element.name}> is not allowed`);
      continue;
    }
    for (const [name, value] of Object.entries(element.attribs)) {
      if (!allowed.includes(name)) problems.push(`${name} on <${element.name}> is not allowed`);
      if (name === "href" && !/^(https?:\/\/[^/\\\s]|mailto:|\/(?![/\\])|#)/i.test(value)) problems.push(`href ${value}`);
      if (name === "src" && !/^https:\/\/[^/\\\s]/i.test(value)) problems.push(`src ${value}`);
      if (name === "class" && !/^(language-[a-z0-9_+#.-]+|mention)$/i.test(value)) problems.push(`class ${value}`);
      if (name === "rel" && value !== "ugc nofollow noopener") problems.push(`rel ${value}`);
    }
    if (element.name === "a" && element.attribs.rel !== "ugc nofollow noopener") problems.push("a link without rel");
    if (element.name === "img" && (element.attribs.loading !== "lazy" || element.attribs.referrerpolicy !== "no-referrer")) problems.push("an eager image");
  }
  return problems;
}

/** The attack's tell-tale signs in the HTML text itself, as a reviewer would grep stored posts. */
function textualFindings(html: string): string[] {
  const findings: string[] = [];
  if (/<script/i.test(html)) findings.push("<script");
  if (/<(iframe|object|embed|svg|math|form|input|base|meta|link|style|frame|applet|template)\b/i.test(html)) findings.push("forbidden element");
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
    if (/\son[a-z]+\s*=/i.test(tag)) findings.push(`event attribute in ${tag}`);
    if (/\sstyle\s*=/i.test(tag)) findings.push(`style attribute in ${tag}`);
    for (const [, , value] of tag.matchAll(/\s(href|src)\s*=\s*"([^"]*)"/gi)) {
      const decoded = value
        .replace(/&#x([0-9a-f]+);?/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
        .replace(/&#(\d+);?/g, (_, dec) => String.fromCodePoint(Number(dec)));
      // eslint-disable-next-line no-control-regex -- browsers drop these inside a scheme
      if (/^(javascript|vbscript|data):/i.test(decoded.replace(/[\u0000-\u0020]/g, "").replace(/&colon;/gi, ":"))) findings.push(`dangerous URL in ${tag}`);
    }
  }
  return findings;
}

describe("the XSS corpus", () => {
  it("holds at least 60 payloads, each with its own name", () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(XSS_PAYLOADS.map((p) => p.name)).size).toBe(XSS_PAYLOADS.length);
  });

  describe.each(XSS_PAYLOADS.map((payload) => [payload.name, payload.source] as const))("%s", (_name, source) => {
    for (const [variant, text] of [
      ["as written", source],
      ["calling the tripwire", withTripwire(source)],
    ] as const) {
      it(`renders ${variant} to HTML with no script, event or style attribute and no dangerous URL or element`, () => {
        const html = renderMarkdown(text, { knownHandles: KNOWN });
        expect(textualFindings(html)).toEqual([]);
        expect(allowlistViolations(html)).toEqual([]);
      });
    }

    it("is held by the sanitiser alone, even with raw HTML let through by Markdown", () => {
      const html = sanitizeRenderedHtml(rawHtmlMarkdown.render(withTripwire(source)));
      expect(textualFindings(html)).toEqual([]);
      expect(allowlistViolations(html)).toEqual([]);
    });
  });

  it("the checks above do catch what they look for", () => {
    expect(textualFindings('<img src="x" onerror="alert(1)">')).not.toEqual([]);
    expect(textualFindings('<a href="&#106;avascript:alert(1)">x</a>')).not.toEqual([]);
    expect(textualFindings('<a href="java&#x09;script:alert(1)">x</a>')).not.toEqual([]);
    expect(textualFindings('<p style="color:red">x</p>')).not.toEqual([]);
    expect(allowlistViolations('<p><a href="https://ok.example">x</a></p>')).toEqual(["a link without rel"]);
    expect(allowlistViolations('<div id="x"><img src="https://ok.example/x.png"></div>')).toEqual(["<div> is not allowed", "an eager image"]);
  });
});

describe("renderMarkdown", () => {
  it("links http(s), mailto and this site's paths with rel ugc nofollow noopener", () => {
    const html = renderMarkdown(
      "[a](https://ok.example/x?y=1&z=2) [b](http://ok.example) [c](mailto:team@ok.example) [d](/community/t/12) [e](#answer) <https://ok.example/auto>",
    );
    expect(html).toBe(
      '<p><a href="https://ok.example/x?y=1&amp;z=2" rel="ugc nofollow noopener">a</a> <a href="http://ok.example" rel="ugc nofollow noopener">b</a> ' +
        '<a href="mailto:team@ok.example" rel="ugc nofollow noopener">c</a> <a href="/community/t/12" rel="ugc nofollow noopener">d</a> ' +
        '<a href="#answer" rel="ugc nofollow noopener">e</a> <a href="https://ok.example/auto" rel="ugc nofollow noopener">https://ok.example/auto</a></p>\n',
    );
  });

  it("leaves links to other schemes, other hosts by `//` and relative paths as the text written", () => {
    for (const source of ["[x](ftp://ok.example)", "[x](//evil.example)", "[x](page.html)", "[x](tel:123)", "<ftp://ok.example>"]) {
      expect(renderMarkdown(source)).not.toContain("<a");
    }
  });

  it("keeps https images, lazy and with no referrer, and shows other images' descriptions as text", () => {
    expect(renderMarkdown('![A chart](https://img.example/c.png "Weekly")')).toBe(
      '<p><img src="https://img.example/c.png" alt="A chart" title="Weekly" loading="lazy" referrerpolicy="no-referrer" /></p>\n',
    );
    expect(renderMarkdown("![plain http](http://img.example/c.png) ![ours](/logo.png) ![inline](data:image/png;base64,iVBORw0KGgo=)")).toBe(
      "<p>plain http ours ![inline](data:image/png;base64,iVBORw0KGgo=)</p>\n",
    );
  });

  it("renders fenced code with its language class and everything inside as text", () => {
    expect(renderMarkdown("```ts\nconst a = '<b>';\n```")).toBe("<pre><code class=\"language-ts\">const a = '&lt;b&gt;';\n</code></pre>\n");
    expect(renderMarkdown("    indented <i>code</i>")).toBe("<pre><code>indented &lt;i&gt;code&lt;/i&gt;\n</code></pre>\n");
  });

  it("renders tables with their alignment, lists, blockquotes, headings, emphasis and line breaks", () => {
    expect(renderMarkdown("| a | b |\n|--:|:-:|\n| 1 | 2 |")).toBe(
      '<table>\n<thead>\n<tr>\n<th align="right">a</th>\n<th align="center">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align="right">1</td>\n<td align="center">2</td>\n</tr>\n</tbody>\n</table>\n',
    );
    expect(renderMarkdown("3. c\n4. d\n\n- e\n\n> quote\n\n## Title\n\n**bold** *em* ~~gone~~\nnext line")).toBe(
      '<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>\n<ul>\n<li>e</li>\n</ul>\n<blockquote>\n<p>quote</p>\n</blockquote>\n<h2>Title</h2>\n' +
        "<p><strong>bold</strong> <em>em</em> <s>gone</s><br />\nnext line</p>\n",
    );
  });

  it("links @mentions of known members only, and none without a list of them", () => {
    const source = "Thanks @Alice and @carol! cc @bob. mail alice@ok.example, `@alice` in code";
    const html = renderMarkdown(source, { knownHandles: KNOWN });
    expect(html).toContain('<a class="mention" href="/community/u/alice" rel="ugc nofollow noopener">@Alice</a>');
    expect(html).toContain('<a class="mention" href="/community/u/bob" rel="ugc nofollow noopener">@bob</a>.');
    expect(html).toContain("@carol!");
    expect(html).toContain('<a href="mailto:alice@ok.example" rel="ugc nofollow noopener">alice@ok.example</a>');
    expect(html).toContain("<code>@alice</code>");
    expect(renderMarkdown(source)).not.toContain("/community/u/");
  });

  it("does not nest a mention link inside a link", () => {
    expect(renderMarkdown("[ask @alice](https://ok.example)", { knownHandles: KNOWN })).toBe(
      '<p><a href="https://ok.example" rel="ugc nofollow noopener">ask @alice</a></p>\n',
    );
  });

  it("reads at most MARKDOWN_MAX_SOURCE_LENGTH characters", () => {
    const html = renderMarkdown("a".repeat(MARKDOWN_MAX_SOURCE_LENGTH) + "TAIL");
    expect(html).toBe(`<p>${"a".repeat(MARKDOWN_MAX_SOURCE_LENGTH)}</p>\n`);
  });

  it("renders hostile shapes of the largest size in bounded time", () => {
    const n = MARKDOWN_MAX_SOURCE_LENGTH;
    const shapes = {
      brackets: "[".repeat(n),
      images: "![".repeat(n / 2),
      emphasis: "**a*".repeat(n / 4),
      backticks: "`a``".repeat(n / 4),
      angles: "<".repeat(n),
      autolinks: "<http://a".repeat(n / 9),
      entities: "&#".repeat(n / 2),
      nesting: "> - ".repeat(n / 4),
      links: "[[[[".repeat(n / 8) + "](x)".repeat(n / 8),
      table: "|a|b|\n|-|-|\n" + "|x|y|\n".repeat(n / 6),
      mentions: "@alice ".repeat(n / 7),
      emails: "a@".repeat(n / 2),
    };
    for (const [shape, source] of Object.entries(shapes)) {
      const started = performance.now();
      renderMarkdown(source, { knownHandles: KNOWN });
      // Linear work is a few hundred milliseconds at worst here; a quadratic path would take minutes.
      expect({ shape, slow: performance.now() - started > 3_000 }).toEqual({ shape, slow: false });
    }
  });

  it("has a positive integer version", () => {
    expect(Number.isInteger(MARKDOWN_RENDER_VERSION) && MARKDOWN_RENDER_VERSION > 0).toBe(true);
  });
});
