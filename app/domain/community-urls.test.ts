import { describe, expect, it } from "vitest";
import { escapeXml, sitemapXml, topicPath } from "./community-urls";

describe("topic URLs", () => {
  it("carry the slug when there is one", () => {
    expect(topicPath({ id: 12, slug: "export-to-csv" })).toBe("/community/t/12/export-to-csv");
    expect(topicPath({ id: 12, slug: "" })).toBe("/community/t/12");
  });
});

describe("the sitemap", () => {
  it("escapes what XML would read as markup", () => {
    expect(escapeXml(`a&b<c>"d'`)).toBe("a&amp;b&lt;c&gt;&quot;d&apos;");
    const xml = sitemapXml([{ url: "https://k.example/community/t/1?a=1&b=2", lastModified: new Date(Date.UTC(2026, 0, 2)) }]);
    expect(xml).toContain("<loc>https://k.example/community/t/1?a=1&amp;b=2</loc>");
    expect(xml).toContain("<lastmod>2026-01-02T00:00:00.000Z</lastmod>");
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
  });
});
