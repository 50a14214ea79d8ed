import { openSqlite } from "../../db/client";
import type { Bench } from "./harness";
import { seededDatabase } from "./lib/databases";
import { adminCookie, downloadCsv } from "./lib/export-download";
import { watchPeakRss } from "./lib/processes";
import { startApp } from "./lib/servers";

/**
 * P4 (issue 4): the response list's "all" view (over 1,000,000 responses on `seed --scale
 * large`) exported as CSV by the built server over HTTP, as an admin's browser would download
 * it: time to the first byte, total time, rows per second, the server's peak RSS while it
 * streams, and the rows received against the responses in the database.
 */
const bench: Bench = {
  name: "export",
  description: "P4: CSV export of every response (the list's all view) from the built server on the large seed",
  async run(ctx) {
    ctx.log("seeding --scale large (shared with the other large benches when they run together)");
    const file = await seededDatabase("large");
    const sqlite = openSqlite(file);
    const responsesInDb = sqlite.prepare<[], { n: number }>("SELECT count(*) AS n FROM responses").get()!.n;
    sqlite.close();
    const cookie = await adminCookie(file);

    const app = await startApp({ databaseFile: file, worker: false });
    try {
      const memory = watchPeakRss(app.pid);
      ctx.log(`exporting ${responsesInDb.toLocaleString("en")} responses`);
      const download = await downloadCsv(`${app.url}/cs/responses/export.csv?encoding=utf8-bom`, cookie);
      const peakRssMb = memory.stop() ?? app.peakRssMb();
      const rows = download.records - 1;
      const seconds = download.totalMs / 1000;
      ctx.log(
        `${rows.toLocaleString("en")} rows, ${(download.bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s; first byte after ${download.firstByteMs.toFixed(0)} ms`,
      );
      return [
        { label: "time to first byte", value: download.firstByteMs, unit: "ms", threshold: { max: 1_000 } },
        { label: "total time", value: seconds, unit: "s" },
        { label: "rows/s", value: rows / seconds, unit: "rows/s" },
        { label: "server peak RSS", value: peakRssMb ?? NaN, unit: "MB", threshold: { max: 200 } },
        { label: "rows exported", value: rows, unit: "rows", threshold: { min: 1_000_000 } },
        { label: "rows missing or extra", value: Math.abs(rows - responsesInDb), unit: "rows", threshold: { max: 0 } },
      ];
    } finally {
      await app.stop();
    }
  },
};

export default bench;
