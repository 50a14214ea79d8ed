import { chromium, type Browser } from "@playwright/test";
import { openSqlite } from "../../db/client";
import type { Bench, Figure } from "./harness";
import { communityDatabase, memberCookie, replySetup } from "./lib/community";
import { adminCookie } from "./lib/export-download";
import { startApp } from "./lib/servers";
import { CHROMIUM } from "../support/chromium";
import { weigh } from "./lib/weigh";

const WARM_UP = 3;
const RUNS = 20;
const TOPIC_PAGE_LIMIT_KB = 100;

/** The whole HTTP response of a page, read to its last byte. */
async function getPage(url: string, cookie: string): Promise<{ ms: number; status: number; html: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Cookie: cookie, Accept: "text/html" }, redirect: "manual" });
  const html = await response.text();
  return { ms: performance.now() - started, status: response.status, html };
}

/** The list's "next page" link (its keyset cursor). */
function nextPageLink(html: string): string | null {
  const match = /href="([^"]*[?&]after=[^"]+)"/.exec(html);
  return match ? match[1].replace(/&amp;/g, "&") : null;
}

/**
 * P7 and P8 (issue 13) for the community's pages on the large community (100,000 topics,
 * 1,000,000 posts, 50,000 members): the home, a category's first page and a deep one (followed
 * through its "next" links), a topic with about 200 replies (first and last page), and the
 * moderation queue, each as full HTTP responses (p95 of 20 after 3 warm-ups) signed in as a
 * member (the queue as an admin). P8: the topic page's weight in Chromium on a cold cache
 * (HTML, CSS and JS as transferred, ≤ 100 kB), and that it reads with JavaScript off.
 */
const bench: Bench = {
  name: "community-pages",
  description: "P7/P8: community home, category (first and deep page), a 200-reply topic, moderation queue: full HTTP p95; topic page weight",
  async run(ctx) {
    ctx.log("seeding the large community (seed --scale large --only community) unless BENCH_LARGE_DATABASE holds one");
    const file = await communityDatabase();
    const sqlite = openSqlite(file);
    // The topic closest to 200 replies, in a category open to everyone.
    const topic = sqlite
      .prepare<[], { id: number; replies: number }>(
        `SELECT t.id, t.reply_count AS replies FROM community_topics t JOIN community_categories c ON c.id = t.category_id
         WHERE t.hidden_at IS NULL AND t.deleted_at IS NULL AND c.segments IS NULL ORDER BY abs(t.reply_count - 200) LIMIT 1`,
      )
      .get()!;
    sqlite.close();
    const member = await memberCookie(file);
    const admin = await adminCookie(file);
    const quietTopic = await replySetup(file, topic.id);
    const app = await startApp({ databaseFile: file, worker: false });
    let browser: Browser | undefined;
    try {
      const load = async (path: string, cookie: string) => {
        const page = await getPage(`${app.url}${path}`, cookie);
        if (page.status !== 200) throw new Error(`${path} answered ${page.status}, not 200:\n${page.html.slice(0, 500)}`);
        return page;
      };
      let deep = "/community/c/questions";
      for (let page = 1; page < 50; page++) {
        const next = nextPageLink((await load(deep, member)).html);
        if (!next) throw new Error(`${deep} has no next page`);
        deep = next;
      }
      // The topic's canonical address (the page redirects any other form of it there).
      const canonical = await fetch(`${app.url}/community/t/${topic.id}`, { headers: { Cookie: member }, redirect: "manual" });
      const topicPath = canonical.status === 301 ? new URL(canonical.headers.get("Location")!, app.url).pathname : `/community/t/${topic.id}`;
      const lastPage = Math.ceil((topic.replies + 1) / 30);
      const pages: [string, string, string][] = [
        ["community home", "/community", member],
        ["category: questions, page 1", "/community/c/questions", member],
        ["category: questions, page 50", deep, member],
        [`topic with ${topic.replies} replies, page 1`, topicPath, member],
        [`topic with ${topic.replies} replies, last page`, `${topicPath}?page=${lastPage}`, member],
        ["moderation queue", "/cs/community/moderation", admin],
      ];
      const figures: Figure[] = [];
      for (const [label, path, cookie] of pages) {
        for (let i = 0; i < WARM_UP; i++) await load(path, cookie);
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) times.push((await load(path, cookie)).ms);
        times.sort((a, b) => a - b);
        const p95 = times[Math.ceil(RUNS * 0.95) - 1];
        ctx.log(`${label} (${path}): median ${times[RUNS / 2].toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
        figures.push({ label: `${label} p95`, value: p95, unit: "ms", threshold: { max: 100 } });
      }

      // P7: a member's reply to the topic 1,000 members watch (its notifications are a job, which
      // this app without a worker only queues) against a reply to a topic nobody watches, each the
      // whole HTTP exchange of the reply form (303 to the new post), alternating.
      const reply = async (path: string, n: number) => {
        const started = performance.now();
        const response = await fetch(`${app.url}${path}`, {
          method: "POST",
          headers: { Cookie: member, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ body: `Reply ${n} from the bench: the export works for us after the fix.` }),
          redirect: "manual",
        });
        const text = await response.text();
        if (response.status !== 303) throw new Error(`A reply to ${path} answered ${response.status}, not 303:\n${text.slice(0, 500)}`);
        return performance.now() - started;
      };
      const watchedTimes: number[] = [];
      const quietTimes: number[] = [];
      for (let i = 0; i < WARM_UP + RUNS; i++) {
        const watched = await reply(topicPath, i);
        const quiet = await reply(`/community/t/${quietTopic}`, i);
        if (i < WARM_UP) continue;
        watchedTimes.push(watched);
        quietTimes.push(quiet);
      }
      const p95 = (times: number[]) => times.sort((a, b) => a - b)[Math.ceil(times.length * 0.95) - 1];
      ctx.log(`reply: topic with 1,000 watchers p95 ${p95(watchedTimes).toFixed(1)} ms, topic nobody watches p95 ${p95(quietTimes).toFixed(1)} ms`);
      figures.push({ label: "reply to a topic with 1,000 watchers (POST) p95", value: p95(watchedTimes), unit: "ms", threshold: { max: 50 } });
      figures.push({ label: "reply to a topic nobody watches (POST, baseline) p95", value: p95(quietTimes), unit: "ms" });

      // P8: the topic page's first visit, and the page with JavaScript off.
      browser = await chromium.launch(CHROMIUM);
      const weight = await weigh(browser, app.url, topicPath, member);
      ctx.log(
        `topic page: ${weight.requests} requests, ${(weight.transferred / 1000).toFixed(1)} kB transferred, ${(weight.uncompressed / 1000).toFixed(1)} kB uncompressed`,
      );
      figures.push({ label: "topic page: transferred (cold cache)", value: weight.transferred / 1000, unit: "kB", threshold: { max: TOPIC_PAGE_LIMIT_KB } });
      const noScript = await browser.newContext({ javaScriptEnabled: false });
      const [name, ...value] = member.split("=");
      await noScript.addCookies([{ name, value: value.join("="), url: app.url }]);
      const page = await noScript.newPage();
      await page.goto(`${app.url}${topicPath}`);
      const posts = await page.locator("article.post").count();
      await noScript.close();
      ctx.log(`topic page without JavaScript: ${posts} posts shown`);
      figures.push({ label: "topic page without JavaScript: posts shown", value: posts, unit: "posts", threshold: { min: 20 } });
      return figures;
    } finally {
      await browser?.close();
      await app.stop();
    }
  },
};

export default bench;
