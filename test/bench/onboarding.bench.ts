import type { Bench, Figure } from "./harness";
import { seededDatabase } from "./lib/databases";
import { adminCookie } from "./lib/export-download";
import { spawnNode } from "./lib/processes";
import { startApp } from "./lib/servers";

const WARM_UP = 3;
const RUNS = 20;

async function getPage(url: string, cookie: string): Promise<{ ms: number; status: number; html: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Cookie: cookie, Accept: "text/html" }, redirect: "manual" });
  const html = await response.text();
  return { ms: performance.now() - started, status: response.status, html };
}

/**
 * P11 (issue 15): on a copy of the large seed (20,000 accounts) with every account enrolled in a
 * 7-step guide and its completions (built by lib/onboarding-data.ts when the copy holds none):
 * the onboarding overview, the funnel with each filter and the stalled list as full HTTP responses
 * of the built server (p95 of 20 after 3 warm-ups, < 100 ms), and the account 360's onboarding
 * section as server time (p95 over 200 accounts, < 20 ms). The original database is never written.
 */
const bench: Bench = {
  name: "onboarding",
  description: "P11: the onboarding overview, funnel by filter, stalled list (HTTP p95) and the account 360's onboarding section on 20,000 enrolled accounts",
  async run(ctx) {
    const file = await seededDatabase("large");
    ctx.log(`enrolling the large seed's accounts in a guide (copy at ${file})`);
    const child = spawnNode("test/bench/lib/onboarding-data.ts", [], {
      DATABASE_URL: `file:${file}`,
      SESSION_SECRET: "bench-session-secret-0123456789abcdef0123456789",
    });
    const code = await child.exited;
    const output = child.output();
    const guide = /^GUIDE (\d+)$/m.exec(output)?.[1];
    const cohort = /^COHORT (\S+)$/m.exec(output)?.[1];
    const section = /^SECTION (\S+) (\S+)$/m.exec(output);
    const enrolled = /^ENROLLED (\d+)$/m.exec(output)?.[1];
    if (code !== 0 || !guide || !cohort || !section) throw new Error(`Could not build the onboarding data (exit ${code}):\n${output}`);
    ctx.log(`${enrolled} accounts enrolled; account 360 onboarding section: median ${section[2]} ms, p95 ${section[1]} ms`);
    const cookie = await adminCookie(file);
    const app = await startApp({ databaseFile: file, worker: false });
    try {
      const pages: [string, string][] = [
        ["onboarding overview (funnel, TTV, activation, stalled list)", "/cs/onboarding"],
        ["funnel: guide", `/cs/onboarding?guide=${guide}`],
        ["funnel: version", `/cs/onboarding?guide=${guide}&version=1`],
        ["funnel: segment", `/cs/onboarding?guide=${guide}&segment=tech`],
        ["funnel: start-month cohort", `/cs/onboarding?guide=${guide}&cohort=${cohort}`],
        ["funnel: every filter", `/cs/onboarding?guide=${guide}&version=2&segment=low&cohort=${cohort}`],
        ["stalled list, high touch", `/cs/onboarding?guide=${guide}&segment=high`],
      ];
      const figures: Figure[] = [];
      for (const [label, path] of pages) {
        const load = async () => {
          const page = await getPage(`${app.url}${path}`, cookie);
          if (page.status !== 200) throw new Error(`${path} answered ${page.status}:\n${page.html.slice(0, 500)}`);
          return page;
        };
        for (let i = 0; i < WARM_UP; i++) await load();
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) times.push((await load()).ms);
        times.sort((a, b) => a - b);
        const p95 = times[Math.ceil(RUNS * 0.95) - 1];
        ctx.log(`${label} (${path}): median ${times[RUNS / 2].toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
        figures.push({ label: `${label} p95`, value: p95, unit: "ms", threshold: { max: 100 } });
      }
      figures.push({ label: "account 360 onboarding section p95 (server)", value: Number(section[1]), unit: "ms", threshold: { max: 20 } });
      return figures;
    } finally {
      await app.stop();
    }
  },
};

export default bench;
