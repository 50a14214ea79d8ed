import type { Bench } from "./harness";
import { seedOnce } from "./lib/databases";

/**
 * `npm run cli -- seed --scale large` into a new database: wall time (process start to exit,
 * migrations included), rows written per second, peak memory. Later benches reuse this data.
 */
const bench: Bench = {
  name: "seed-large",
  description: "npm run cli -- seed --scale large: duration, rows/s, peak RSS",
  async run(ctx) {
    ctx.log("seeding the large scale through the CLI");
    const run = await seedOnce("large");
    const perTable = Object.entries(run.rows)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${table} ${n.toLocaleString("en-US")}`)
      .join(", ");
    ctx.log(`rows: ${perTable}`);
    return [
      { label: "duration", value: run.seconds, unit: "s" },
      { label: "rows written", value: run.totalRows, unit: "rows" },
      { label: "rows per second", value: run.totalRows / run.seconds, unit: "rows/s" },
      { label: "accounts", value: run.rows.accounts ?? 0, unit: "rows" },
      { label: "contacts", value: run.rows.contacts ?? 0, unit: "rows" },
      { label: "peak RSS", value: run.peakRssMb ?? NaN, unit: "MB" },
      { label: "database size", value: run.bytes / 1024 / 1024, unit: "MB" },
    ];
  },
};

export default bench;
