import { mayReadAnonymously } from "../services/community-settings.server";
import { env } from "../utils/env.server";

/**
 * Crawlers stay out of the console, the survey links and the sign-in pages. When everyone may
 * read the community, its sitemap is named here; while it is for members only, nothing is.
 */
export async function loader() {
  const lines = ["User-agent: *", "Disallow: /cs/", "Disallow: /s/", "Disallow: /u/", "Disallow: /login", "Disallow: /api/", "Disallow: /portal"];
  if (mayReadAnonymously()) lines.push("", `Sitemap: ${env().APP_URL}/community/sitemap.xml`);
  return new Response(`${lines.join("\n")}\n`, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
