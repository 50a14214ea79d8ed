import type { Bench, Figure } from "./harness";
import { communityDatabase, memberCookie } from "./lib/community";
import { startApp } from "./lib/servers";

const WARM_UP = 3;
const RUNS = 30;

/** The whole HTTP response of a page, read to its last byte, as a member's browser gets it. */
async function getPage(url: string, cookie: string): Promise<{ ms: number; status: number; html: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Cookie: cookie, Accept: "text/html" }, redirect: "manual" });
  const html = await response.text();
  return { ms: performance.now() - started, status: response.status, html };
}

const p95 = (sorted: number[]) => sorted[Math.ceil(sorted.length * 0.95) - 1];
const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)];

/**
 * P7 and P8 (issue 13): `/community/search` as a full HTTP response of the built server on the
 * large community (100,000 topics, 1,000,000 posts), signed in as a member: p95 of 30 sequential
 * requests after 3 warm-ups, for an English and a Japanese word (P7), and for the shortest
 * queries P8 names (two Japanese characters, three Latin letters). The search page without a
 * query is measured in the same run as the baseline (the page, the session and the category
 * list, no search): each search's ratio to it is what the search itself adds.
 */
const bench: Bench = {
  name: "community-search",
  description: "P7/P8: /community/search on the large community (English word, Japanese word, shortest queries), full HTTP response p95",
  async run(ctx) {
    ctx.log("seeding the large community (seed --scale large --only community) unless BENCH_LARGE_DATABASE holds one");
    const file = await communityDatabase();
    const cookie = await memberCookie(file);
    const app = await startApp({ databaseFile: file, worker: false });
    try {
      const measure = async (path: string) => {
        const times: number[] = [];
        let html = "";
        for (let i = 0; i < WARM_UP + RUNS; i++) {
          const page = await getPage(`${app.url}${path}`, cookie);
          if (page.status !== 200) throw new Error(`${path} answered ${page.status}, not 200:\n${page.html.slice(0, 500)}`);
          if (i >= WARM_UP) times.push(page.ms);
          html = page.html;
        }
        return { times: times.sort((a, b) => a - b), html };
      };
      const baseline = await measure("/community/search");
      ctx.log(`baseline /community/search (no query): median ${median(baseline.times).toFixed(1)} ms, p95 ${p95(baseline.times).toFixed(1)} ms`);
      const queries: [string, string, number | null][] = [
        ["P7 English word 'export'", "export", 100],
        ["P7 Japanese word '設定'", "設定", 100],
        ["P8 two Japanese characters '回答'", "回答", 100],
        ["P8 three Latin letters 'csv'", "csv", 100],
        ["P8 three Latin letters 'api'", "api", 100],
        ["English, two words 'export report'", "export report", 100],
        ["Japanese, long 'ダッシュボード'", "ダッシュボード", 100],
        ["one character (titles only) '設'", "設", null],
        ["rare word 'sandbox'", "sandbox", null],
      ];
      const figures: Figure[] = [{ label: "baseline: search page without a query p95", value: p95(baseline.times), unit: "ms" }];
      for (const [label, q, max] of queries) {
        const { times, html } = await measure(`/community/search?q=${encodeURIComponent(q)}`);
        const results = (html.match(/class="community-search-result"/g) ?? []).length;
        if (results === 0 && max !== null) throw new Error(`"${q}" found nothing on the large community: the bench would measure an empty search`);
        const ratio = p95(times) / p95(baseline.times);
        ctx.log(
          `${label}: median ${median(times).toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms, ${ratio.toFixed(2)}× the baseline, ${results} results on page 1`,
        );
        figures.push({ label: `${label} p95`, value: p95(times), unit: "ms", ...(max !== null ? { threshold: { max } } : {}) });
        figures.push({ label: `${label} p95 / baseline`, value: ratio, unit: "×" });
      }
      return figures;
    } finally {
      await app.stop();
    }
  },
};

export default bench;
