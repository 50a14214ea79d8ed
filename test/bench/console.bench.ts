import type { LoaderFunctionArgs } from "@remix-run/node";
import type { Bench, Figure } from "./harness";
import { seededDatabase } from "./lib/databases";

const WARM_UP = 3;
const RUNS = 20;

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

/**
 * P3 (issue 4): the console's server time per page on `seed --scale large` (≥ 1,000,000
 * responses, 200,000 contacts, 20,000 accounts): each page's loader — authorization, queries,
 * the data the page renders — called in this process with a signed-in admin's request, p95 of
 * 20 runs after 3 warm-ups. Detail pages are measured on the first detractor of the default
 * list (the most money at stake): its response and its account (360), and on the case due first.
 */
const bench: Bench = {
  name: "console",
  description: "P3: console server time per page (loader p95) on the large seed",
  async run(ctx) {
    ctx.log("seeding --scale large (shared with seed-large when both run)");
    const file = await seededDatabase("large");
    Object.assign(process.env, { DATABASE_URL: `file:${file}`, SESSION_SECRET: "bench-session-secret-0123456789abcdef0123456789" });
    const { createStaff, getRequest, staffCookie } = await import("../factories");
    const dashboard = (await import("../../app/routes/cs._index")).loader as Loader;
    const responses = (await import("../../app/routes/cs.responses._index")).loader as Loader;
    const responseDetail = (await import("../../app/routes/cs.responses.$id")).loader as Loader;
    const untagged = (await import("../../app/routes/cs.responses.untagged")).loader as Loader;
    const account360 = (await import("../../app/routes/cs.accounts.$id")).loader as Loader;
    const caseQueue = (await import("../../app/routes/cs.cases._index")).loader as Loader;
    const caseDetail = (await import("../../app/routes/cs.cases.$id")).loader as Loader;
    const { sqlite } = await import("../../app/utils/db.server");
    // The app's connection opens once per process: it must be this database, not one opened by an earlier bench.
    if (sqlite().name !== file)
      throw new Error(`The console bench must run on its seeded database, not ${sqlite().name}; run it alone: npm run bench -- console`);
    const cookie = await staffCookie(createStaff("admin").id);
    const call = (loader: Loader, path: string, params: Record<string, string> = {}) => loader({ request: getRequest(path, cookie), params, context: {} });

    // A deep page: the cursor after walking 20 pages of detractors in the default order.
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const list = (await call(responses, `/cs/responses?category=detractor${after ? `&after=${after}` : ""}`)) as { next: string | null };
      after = list.next;
    }
    const top = ((await call(responses, "/cs/responses?category=detractor")) as { rows: { id: number; accountId: number }[] }).rows[0];
    const caseId = ((await call(caseQueue, "/cs/cases?owner=anyone")) as { rows: { id: number }[] }).rows[0]?.id;
    if (caseId === undefined) throw new Error("The large seed should hold open follow-up cases");
    let untaggedAfter: string | null = null;
    for (let page = 0; page < 20; page++) {
      const list = (await call(untagged, `/cs/responses/untagged${untaggedAfter ? `?after=${untaggedAfter}` : ""}`)) as { next: string | null };
      untaggedAfter = list.next;
    }
    const pages: [string, Loader, string, Record<string, string>?][] = [
      ["dashboard, last 12 months", dashboard, "/cs"],
      ["dashboard, one segment", dashboard, "/cs?segment=high"],
      ["dashboard, weekly trend", dashboard, "/cs?by=week&window=4"],
      ["detractors, first page", responses, "/cs/responses?category=detractor"],
      ["detractors, page 21", responses, `/cs/responses?category=detractor&after=${after}`],
      ["promoters, newest first", responses, "/cs/responses?category=promoter&sort=newest"],
      ["search 'slow'", responses, "/cs/responses?q=slow"],
      ["search '遅い'", responses, `/cs/responses?q=${encodeURIComponent("遅い")}`],
      ["untagged queue, first page", untagged, "/cs/responses/untagged"],
      ["untagged queue, page 21", untagged, `/cs/responses/untagged?after=${untaggedAfter}`],
      ["response detail", responseDetail, `/cs/responses/${top.id}`, { id: String(top.id) }],
      ["account 360", account360, `/cs/accounts/${top.accountId}`, { id: String(top.accountId) }],
      ["cases, everyone's open", caseQueue, "/cs/cases?owner=anyone"],
      ["cases, overdue", caseQueue, "/cs/cases?owner=anyone&overdue=1"],
      ["case detail", caseDetail, `/cs/cases/${caseId}`, { id: String(caseId) }],
    ];
    const figures: Figure[] = [];
    for (const [label, loader, path, params] of pages) {
      for (let i = 0; i < WARM_UP; i++) await call(loader, path, params);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await call(loader, path, params);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const p95 = times[Math.ceil(RUNS * 0.95) - 1];
      ctx.log(`${label}: median ${times[RUNS / 2].toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
      figures.push({ label: `${label} p95`, value: p95, unit: "ms", threshold: { max: 100 } });
    }
    return figures;
  },
};

export default bench;
