import { openSqlite } from "../../db/client";
import type { Bench, Figure } from "./harness";
import { seededDatabase } from "./lib/databases";
import { adminCookie } from "./lib/export-download";
import { startApp } from "./lib/servers";

const WARM_UP = 3;
const RUNS = 20;

/** One console page as a browser loads it: the full HTML document, read to its last byte. */
async function getPage(url: string, cookie: string): Promise<{ ms: number; status: number; html: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Cookie: cookie, Accept: "text/html" }, redirect: "manual" });
  const html = await response.text();
  return { ms: performance.now() - started, status: response.status, html };
}

/** The first link to `/prefix/<id>` on a page, as a person would click through from a list. */
function firstLink(html: string, prefix: string): string | null {
  const match = new RegExp(`href="(${prefix.replace(/\//g, "\\/")}/\\d+)"`).exec(html);
  return match ? match[1] : null;
}

/** The list's "next page" link (its `after` cursor). */
function nextPageLink(html: string, path: string): string | null {
  const match = new RegExp(`href="(${path.replace(/[/?]/g, "\\$&")}[^"]*?after=[^"]+)"`).exec(html);
  return match ? match[1].replace(/&amp;/g, "&") : null;
}

/**
 * P3 (issue 11): every console page reachable from the navigation, and a detail page of each
 * list, as full HTTP responses of the built server on `seed --scale large`, signed in as an
 * admin with a real session cookie: p95 of 20 sequential requests after 3 warm-ups, each read to
 * its last byte (what a person waits for, not only the loader). Detail pages are the first row
 * each list links to, in its default order.
 */
const bench: Bench = {
  name: "pages",
  description: "P3: every console page (and a detail page of each list) as a full HTTP response on the large seed, p95",
  async run(ctx) {
    ctx.log("seeding --scale large (shared with the other large benches when they run together)");
    const file = await seededDatabase("large");
    const cookie = await adminCookie(file);
    const sqlite = openSqlite(file);
    const contactEmail = sqlite.prepare<[], { email: string }>("SELECT email FROM contacts ORDER BY id LIMIT 1").get()?.email;
    sqlite.close();
    if (!contactEmail) throw new Error("The large seed should hold contacts");
    const app = await startApp({ databaseFile: file, worker: false });
    try {
      const load = async (path: string) => {
        const page = await getPage(`${app.url}${path}`, cookie);
        if (page.status !== 200) throw new Error(`${path} answered ${page.status}, not 200:\n${page.html.slice(0, 500)}`);
        return page;
      };
      // A customer's sign-in link puts one email in the outbox (the large seed has none), so that its page is measured too.
      await fetch(`${app.url}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
        body: new URLSearchParams({ email: contactEmail }).toString(),
      });
      const detail = async (listPath: string, prefix: string) => {
        const link = firstLink((await load(listPath)).html, prefix);
        if (!link) throw new Error(`${listPath} links to no ${prefix}/:id page`);
        return link;
      };
      const deep = async (path: string, pages: number) => {
        let current = path;
        for (let page = 1; page < pages; page++) {
          const next = nextPageLink((await load(current)).html, path.split("?")[0]);
          if (!next) throw new Error(`${current} has no next page`);
          current = next;
        }
        return current;
      };
      const pages: [string, string][] = [
        ["overview (dashboard)", "/cs"],
        ["overview, one segment", "/cs?segment=high"],
        ["overview, weekly trend", "/cs?by=week&window=4"],
        ["responses (all)", "/cs/responses"],
        ["responses: detractors", "/cs/responses?category=detractor"],
        ["responses: passives", "/cs/responses?category=passive"],
        ["responses: promoters", "/cs/responses?category=promoter"],
        ["detractors, page 21", await deep("/cs/responses?category=detractor", 21)],
        ["responses, search 'slow'", "/cs/responses?q=slow"],
        ["responses, search '遅い'", `/cs/responses?q=${encodeURIComponent("遅い")}`],
        ["untagged queue", "/cs/responses/untagged"],
        ["response detail", await detail("/cs/responses?category=detractor", "/cs/responses")],
        ["tags", "/cs/tags"],
        ["cases (my queue)", "/cs/cases"],
        ["cases, everyone's open", "/cs/cases?owner=anyone"],
        ["case detail", await detail("/cs/cases?owner=anyone", "/cs/cases")],
        ["accounts", "/cs/accounts"],
        ["account detail (360)", await detail("/cs/accounts", "/cs/accounts")],
        ["contacts", "/cs/contacts"],
        ["campaigns", "/cs/campaigns"],
        ["campaign detail", await detail("/cs/campaigns", "/cs/campaigns")],
        ["new campaign", "/cs/campaigns/new"],
        ["retention KPIs", "/cs/kpis"],
        ["onboarding overview", "/cs/onboarding"],
        ["onboarding guides", "/cs/guides"],
        ["import CSV", "/cs/import"],
        ["users", "/cs/users"],
        ["user detail", await detail("/cs/users", "/cs/users")],
        ["contact detail", await detail("/cs/contacts", "/cs/contacts")],
        ["community: moderation queue", "/cs/community/moderation"],
        ["community: unanswered questions", "/cs/community/unanswered"],
        ["community: ideas", "/cs/community/ideas"],
        ["community: idea detail", await detail("/cs/community/ideas", "/cs/community/ideas")],
        ["community: voice of the customer", "/cs/community/voice"],
        ["community: stories", "/cs/community/stories"],
        ["community: events", "/cs/community/events"],
        ["community: members", "/cs/community/members"],
        ["community: statistics", "/cs/community/stats"],
        ["community: join requests", "/cs/community/join-requests"],
        ["community: categories", "/cs/community/categories"],
        ["community: posting rules", "/cs/community/rules"],
        ["community: settings", "/cs/community/settings"],
        ["API keys", "/cs/api-keys"],
        ["NPS survey", "/cs/survey"],
        // `/cs/settings` redirects to its first section; each section is a page of its own.
        ["settings: segments", "/cs/settings/segments"],
        ["settings: close the loop", "/cs/settings/close-the-loop"],
        ["settings: promoter asks", "/cs/settings/promoter-asks"],
        ["settings: alerts", "/cs/settings/alerts"],
        ["settings: currency", "/cs/settings/currency"],
        ["settings: sign-in", "/cs/settings/sign-in"],
        ["profile", "/cs/profile"],
        ["email outbox", "/cs/outbox"],
        ["outbox email", await detail("/cs/outbox", "/cs/outbox")],
        ["audit log", "/cs/audit"],
      ];
      const figures: Figure[] = [];
      for (const [label, path] of pages) {
        for (let i = 0; i < WARM_UP; i++) await load(path);
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i < RUNS; i++) {
          const page = await load(path);
          times.push(page.ms);
          bytes = Buffer.byteLength(page.html);
        }
        times.sort((a, b) => a - b);
        const p95 = times[Math.ceil(RUNS * 0.95) - 1];
        ctx.log(
          `${label} (${path}): median ${times[RUNS / 2].toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, worst ${times[RUNS - 1].toFixed(1)} ms, ${(bytes / 1024).toFixed(0)} KB`,
        );
        figures.push({ label: `${label} p95`, value: p95, unit: "ms", threshold: { max: 100 } });
      }
      return figures;
    } finally {
      await app.stop();
    }
  },
};

export default bench;
