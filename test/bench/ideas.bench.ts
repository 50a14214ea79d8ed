import { openSqlite } from "../../db/client";
import type { Bench, Figure } from "./harness";
import { communityDatabase } from "./lib/community";
import { adminCookie } from "./lib/export-download";
import { spawnNode } from "./lib/processes";
import { startApp } from "./lib/servers";

const WARM_UP = 3;
const RUNS = 20;
const SESSION_SECRET = "bench-session-secret-0123456789abcdef0123456789";

async function getPage(url: string, cookie: string): Promise<{ ms: number; status: number; html: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Cookie: cookie, Accept: "text/html" }, redirect: "manual" });
  const html = await response.text();
  return { ms: performance.now() - started, status: response.status, html };
}

function nextPageLink(html: string): string | null {
  const match = /href="([^"]*[?&]after=[^"]+)"/.exec(html);
  return match ? match[1].replace(/&amp;/g, "&") : null;
}

async function cli(file: string, args: string[]): Promise<string> {
  const node = spawnNode("db/cli.ts", args, { DATABASE_URL: `file:${file}`, SESSION_SECRET });
  const code = await node.exited;
  if (code !== 0) throw new Error(`cli ${args.join(" ")} exited with ${code}:\n${node.output()}`);
  return node.output();
}

/**
 * P9 (issue 14) on the large board (20,000 ideas, 1,900,000 votes and 100,000 requests, loaded with
 * `seed --scale large --only ideas` onto the large community, or BENCH_LARGE_DATABASE when it is a
 * full large seed): the board sorted by ARR asking as staff (first page, and the 40th followed
 * through its "next" links), by trending, and an idea page with thousands of votes, as full HTTP
 * responses (p95 of 20 after 3 warm-ups); and the full rebuild of every idea's asking (`ideas rebuild`),
 * once over right figures and once over emptied ones (everything written).
 */
const bench: Bench = {
  name: "ideas",
  description: "P9: ideas board by ARR asking (first and deep page) and trending, an idea page: full HTTP p95; full rebuild of the asking",
  async run(ctx) {
    const file = await communityDatabase();
    const sqlite = openSqlite(file);
    const ideas = sqlite.prepare<[], { n: number }>("SELECT count(*) AS n FROM ideas").get()!.n;
    sqlite.close();
    if (ideas === 0) {
      ctx.log("seeding the large ideas board (seed --scale large --only ideas)");
      await cli(file, ["seed", "--scale", "large", "--only", "ideas"]);
    }
    const db = openSqlite(file);
    const busiest = db
      .prepare<[], { id: number; votes: number }>("SELECT topic_id AS id, vote_count AS votes FROM ideas WHERE listed = 1 ORDER BY vote_count DESC LIMIT 1")
      .get()!;
    db.close();
    const admin = await adminCookie(file);
    const app = await startApp({ databaseFile: file, worker: false });
    const figures: Figure[] = [];
    try {
      const load = async (path: string) => {
        const page = await getPage(`${app.url}${path}`, admin);
        if (page.status !== 200) throw new Error(`${path} answered ${page.status}:\n${page.html.slice(0, 500)}`);
        return page;
      };
      let deep = "/community/c/ideas?sort=arr&status=all";
      for (let page = 1; page < 40; page++) {
        const next = nextPageLink((await load(deep)).html);
        if (!next) throw new Error(`${deep} has no next page`);
        deep = next;
      }
      const idea = await fetch(`${app.url}/community/t/${busiest.id}`, { headers: { Cookie: admin }, redirect: "manual" });
      const ideaPath = idea.status === 301 ? new URL(idea.headers.get("Location")!, app.url).pathname : `/community/t/${busiest.id}`;
      const pages: [string, string][] = [
        ["ideas board by ARR asking, page 1", "/community/c/ideas?sort=arr&status=all"],
        ["ideas board by ARR asking, page 40", deep],
        ["ideas board by trending, page 1", "/community/c/ideas?sort=trending&status=all"],
        [`idea page with ${busiest.votes} votes`, ideaPath],
        ["console ranking by ARR asking", "/cs/community/ideas"],
      ];
      for (const [label, path] of pages) {
        for (let i = 0; i < WARM_UP; i++) await load(path);
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) times.push((await load(path)).ms);
        times.sort((a, b) => a - b);
        const p95 = times[Math.ceil(RUNS * 0.95) - 1];
        ctx.log(`${label} (${path}): median ${times[RUNS / 2].toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
        figures.push({ label: `${label} p95`, value: p95, unit: "ms", threshold: { max: 100 } });
      }
    } finally {
      await app.stop();
    }
    // The rebuild when the figures are right (it reads everything and writes nothing), then from
    // nothing: every idea's accounts and figures emptied by hand, so it writes them all.
    const rebuild = async (label: string) => {
      const output = await cli(file, ["ideas", "rebuild"]);
      const ms = Number(/in (\d+) ms/.exec(output)?.[1]);
      ctx.log(`${label}: ${output.trim()}`);
      figures.push({ label, value: ms / 1000, unit: "s", threshold: { max: 5 } });
    };
    await rebuild("full rebuild of every idea's asking (figures right)");
    const wipe = openSqlite(file);
    wipe.exec(`BEGIN; INSERT OR IGNORE INTO idea_rebuilding (id) VALUES (1); DELETE FROM idea_accounts; DELETE FROM idea_rebuilding;
      UPDATE ideas SET vote_count = 0, account_count = 0, arr_minor = 0, high_count = 0, low_count = 0, tech_count = 0; COMMIT;`);
    wipe.close();
    await rebuild("full rebuild of every idea's asking (from empty)");
    return figures;
  },
};

export default bench;
