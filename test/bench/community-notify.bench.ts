import type { Bench } from "./harness";
import { migratedDatabase } from "./lib/databases";
import { spawnNode } from "./lib/processes";

type Result = {
  members: number;
  watchers: number;
  replies: number;
  watchedP95: number;
  watchedP50: number;
  quietP95: number;
  quietP50: number;
  fanOutMs: number;
  fanOutNotified: number;
  notifications: number;
  pageP95: number;
  deepPageP95: number;
};

/**
 * P7 (issue 13), notifications: posting a reply to a topic with 1,000 watchers returns in < 50 ms
 * because the fan-out is a job — timed as the reply service's whole call (validation, Markdown,
 * the transaction with the notifications listener queuing the job), against a topic nobody
 * watches in the same run; the fan-out job's own time; and the notification list page's loader
 * (first page and page 100) for a member with 5,000 notifications, p95 < 100 ms. In-process
 * timings (the topic page and its POST belong to another part of the community).
 */
const bench: Bench = {
  name: "community-notify",
  description: "P7: a reply to a topic with 1,000 watchers (vs none) and the notification list of a member with 5,000 notifications",
  async run(ctx) {
    const file = migratedDatabase("community-notify");
    ctx.log("building 1,000 watchers and 5,000 notifications, then timing");
    const child = spawnNode("test/bench/lib/community-notify-run.ts", [], {
      DATABASE_URL: `file:${file}`,
      SESSION_SECRET: "bench-session-secret-0123456789abcdef0123456789",
      APP_URL: "http://localhost:3000",
    });
    const code = await child.exited;
    const line = /^RESULT (.+)$/m.exec(child.output())?.[1];
    if (code !== 0 || !line) throw new Error(`The community notifications run failed (exit ${code}):\n${child.output()}`);
    const r = JSON.parse(line) as Result;
    ctx.log(`${r.replies} replies each; fan-out told ${r.fanOutNotified} watchers; ${r.notifications} notifications listed`);
    return [
      { label: `reply, topic with ${r.watchers} watchers, p95`, value: r.watchedP95, unit: "ms", threshold: { max: 50 } },
      { label: "reply, topic with no watchers (baseline), p95", value: r.quietP95, unit: "ms" },
      { label: `reply, topic with ${r.watchers} watchers, p50`, value: r.watchedP50, unit: "ms" },
      { label: "reply, no watchers, p50", value: r.quietP50, unit: "ms" },
      { label: `fan-out job, ${r.fanOutNotified} notifications`, value: r.fanOutMs, unit: "ms" },
      { label: `notification list, ${r.notifications} notifications, p95`, value: r.pageP95, unit: "ms", threshold: { max: 100 } },
      { label: "notification list, page 100, p95", value: r.deepPageP95, unit: "ms" },
    ];
  },
};

export default bench;
