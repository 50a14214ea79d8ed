/** Where a topic lives: `/community/t/:id/:slug`, or `/community/t/:id` when its title gave no slug. */
export function topicPath(topic: { id: number; slug: string }): string {
  return topic.slug ? `/community/t/${topic.id}/${encodeURIComponent(topic.slug)}` : `/community/t/${topic.id}`;
}

/** `&`, `<`, `>`, `"` and `'` as XML entities (sitemap text). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** A sitemap (sitemaps.org 0.9) of absolute URLs with their last change. */
export function sitemapXml(entries: { url: string; lastModified: Date }[]): string {
  const urls = entries.map((e) => `<url><loc>${escapeXml(e.url)}</loc><lastmod>${e.lastModified.toISOString()}</lastmod></url>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}

/** The protocol's limit of URLs in one sitemap file. */
export const SITEMAP_MAX_URLS = 50_000;

/** A sitemap index (sitemaps.org 0.9): the URLs of the sitemap files. */
export function sitemapIndexXml(urls: string[]): string {
  const entries = urls.map((url) => `<sitemap><loc>${escapeXml(url)}</loc></sitemap>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries}\n</sitemapindex>\n`;
}
