import { chromium, type Browser } from "@playwright/test";
import { CHROMIUM } from "../support/chromium";
import { weigh } from "./lib/weigh";
import type { Bench, Figure } from "./harness";
import { migratedDatabase } from "./lib/databases";
import { spawnNode } from "./lib/processes";
import { startApp } from "./lib/servers";

const CUSTOMER_LIMIT_KB = 60;
const CONSOLE_LIMIT_KB = 300;
const SESSION_SECRET = "bench-session-secret-0123456789abcdef0123456789";

/**
 * P5 (issue 11): what a first visit costs. The built app on a new database with the demo data;
 * each page opened in a new Chromium context (a cold cache) until the network is idle, summing
 * the bytes that crossed the wire (Chromium's encodedDataLength: headers and compressed bodies,
 * what DevTools calls "transferred") and the bodies' decoded size. The customer pages a contact
 * reaches from an email must stay within 60 kB, the console's first load within 300 kB.
 */
const bench: Bench = {
  name: "page-weight",
  description: "P5: bytes transferred on a cold cache per page (customer pages ≤ 60 kB, console ≤ 300 kB)",
  async run(ctx) {
    const databaseFile = migratedDatabase("page-weight");
    const app = await startApp({ databaseFile, worker: false, env: { KIZUNA_DEMO: "1" } });
    let browser: Browser | undefined;
    try {
      const data = await benchData(databaseFile);
      // The thank-you page belongs to an answer: answer as the form would, then open it.
      const answer = await fetch(`${app.url}/s/${data.answeredToken}`, {
        method: "POST",
        body: new URLSearchParams({ score: "9" }),
        redirect: "manual",
      });
      if (answer.status !== 303) throw new Error(`Answering the survey gave ${answer.status}, not 303`);

      browser = await chromium.launch(CHROMIUM);
      const pages: [label: string, path: string, limitKb: number, cookie?: string][] = [
        ["survey page", `/s/${data.surveyToken}?score=9`, CUSTOMER_LIMIT_KB],
        ["thank-you page", `/s/${data.answeredToken}/thanks`, CUSTOMER_LIMIT_KB],
        ["unsubscribe page", `/u/${data.unsubscribeToken}`, CUSTOMER_LIMIT_KB],
        ["sign-in page", "/login", CUSTOMER_LIMIT_KB],
        ["sign-in link landing", `/login/${data.signInToken}`, CUSTOMER_LIMIT_KB],
        ["console dashboard", "/cs", CONSOLE_LIMIT_KB, data.adminCookie],
      ];
      const figures: Figure[] = [];
      const rows: string[][] = [];
      for (const [label, path, limitKb, cookie] of pages) {
        const weight = await weigh(browser, app.url, path, cookie);
        const kb = (bytes: number) => bytes / 1000;
        figures.push(
          { label: `${label}: transferred`, value: kb(weight.transferred), unit: "kB", threshold: { max: limitKb } },
          { label: `${label}: uncompressed`, value: kb(weight.uncompressed), unit: "kB" },
          { label: `${label}: requests`, value: weight.requests, unit: "requests" },
        );
        const types = [...weight.byType].map(([type, bytes]) => `${type} ${kb(bytes).toFixed(1)}`).join(", ");
        rows.push([
          label,
          String(weight.requests),
          kb(weight.transferred).toFixed(1),
          kb(weight.uncompressed).toFixed(1),
          `${kb(weight.transferred) <= limitKb ? "PASS" : "FAIL"} (≤ ${limitKb})`,
          types,
        ]);
      }
      printTable(ctx.log, ["page", "requests", "transferred kB", "uncompressed kB", "check", "transferred by type (kB)"], rows);
      return figures;
    } finally {
      await browser?.close();
      await app.stop();
    }
  },
};

type BenchData = { surveyToken: string; unsubscribeToken: string; answeredToken: string; signInToken: string; adminCookie: string };

/** Invitations, a sign-in link and an admin session, written by a separate process (see page-weight-data.ts). */
async function benchData(databaseFile: string): Promise<BenchData> {
  const child = spawnNode("test/bench/lib/page-weight-data.ts", [], { DATABASE_URL: `file:${databaseFile}`, SESSION_SECRET });
  const code = await child.exited;
  const line = /^DATA (.+)$/m.exec(child.output())?.[1];
  if (code !== 0 || !line) throw new Error(`Could not prepare the bench data (exit ${code}):\n${child.output()}`);
  return JSON.parse(line) as BenchData;
}

function printTable(log: (message: string) => void, header: string[], rows: string[][]) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd();
  for (const text of [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)]) log(text);
}

export default bench;
