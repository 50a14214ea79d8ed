import { readdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { describeThreshold, passes, type Bench, type BenchContext, type Figure } from "./harness";
import { cleanUp } from "./lib/processes";

/**
 * `npm run bench [-- name… --duration S --connections N --json FILE --list]`: runs every
 * `test/bench/*.bench.ts` (or the named ones), then prints one line per figure and a JSON
 * summary. Exit 1 when a bench fails to run or a figure misses its threshold.
 */
const usage = `Usage: npm run bench -- [name…] [--duration S] [--connections N] [--json FILE] [--list]
  name            run only these benches (default: all)
  --duration S    seconds of measured load per server (default 10, or BENCH_DURATION)
  --connections N concurrent connections (default 100, or BENCH_CONNECTIONS)
  --json FILE     also write the JSON summary to FILE
  --list          list the benches and exit`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      duration: { type: "string" },
      connections: { type: "string" },
      json: { type: "string" },
      list: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
    strict: true,
  });
} catch (error) {
  fail((error as Error).message);
}
if (args.values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

function positiveNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) fail(`--${name} must be a positive number, not "${text}".`);
  return value;
}

const durationSeconds = positiveNumber("duration", args.values.duration ?? process.env.BENCH_DURATION, 10);
const connections = Math.round(positiveNumber("connections", args.values.connections ?? process.env.BENCH_CONNECTIONS, 100));

const benchDir = fileURLToPath(new URL(".", import.meta.url));
const files = readdirSync(benchDir)
  .filter((file) => file.endsWith(".bench.ts"))
  .sort();
const benches: Bench[] = [];
for (const file of files) {
  const module = (await import(pathToFileURL(`${benchDir}${file}`).href)) as { default: Bench };
  benches.push(module.default);
}

if (args.values.list) {
  for (const bench of benches) process.stdout.write(`${bench.name.padEnd(20)} ${bench.description}\n`);
  process.exit(0);
}

const unknown = args.positionals.filter((name) => !benches.some((bench) => bench.name === name));
if (unknown.length > 0) fail(`No bench named ${unknown.join(", ")}. Benches: ${benches.map((b) => b.name).join(", ")}.`);
const selected = args.positionals.length > 0 ? benches.filter((bench) => args.positionals.includes(bench.name)) : benches;

type Outcome = { bench: string; seconds: number; figures: (Figure & { status: "PASS" | "FAIL" | null })[]; error?: string };
const outcomes: Outcome[] = [];
const startedAt = new Date();

for (const bench of selected) {
  const ctx: BenchContext = {
    durationSeconds,
    connections,
    log: (message) => process.stderr.write(`[${bench.name}] ${message}\n`),
  };
  ctx.log(bench.description);
  const started = performance.now();
  try {
    const figures = await bench.run(ctx);
    outcomes.push({
      bench: bench.name,
      seconds: (performance.now() - started) / 1000,
      figures: figures.map((figure) => {
        const ok = passes(figure);
        return { ...figure, status: ok === null ? null : ok ? "PASS" : "FAIL" };
      }),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log(`failed: ${message}`);
    outcomes.push({ bench: bench.name, seconds: (performance.now() - started) / 1000, figures: [], error: message });
  }
}
cleanUp();

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString("en-US");
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

const rows = outcomes.flatMap((outcome) =>
  outcome.error
    ? [[outcome.bench, "ERROR", outcome.error.split("\n")[0], "", ""]]
    : outcome.figures.map((figure) => [
        outcome.bench,
        figure.label,
        formatValue(figure.value),
        figure.unit,
        figure.status ? `${figure.status} (${describeThreshold(figure.threshold!, figure.unit)})` : "",
      ]),
);
const header = ["bench", "figure", "value", "unit", "check"];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells: string[]) =>
  cells
    .map((cell, column) => (column === 2 ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
    .join("  ")
    .trimEnd();
process.stdout.write(`\n${line(header)}\n${line(widths.map((width) => "-".repeat(width)))}\n${rows.map(line).join("\n")}\n`);

const summary = {
  startedAt: startedAt.toISOString(),
  node: process.version,
  cpus: cpus().length,
  durationSeconds,
  connections,
  benches: outcomes.map((outcome) => ({
    name: outcome.bench,
    seconds: Math.round(outcome.seconds * 10) / 10,
    ...(outcome.error ? { error: outcome.error } : {}),
    figures: outcome.figures.map(({ label, value, unit, threshold, status }) => ({
      label,
      value: Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null,
      unit,
      ...(threshold ? { threshold, status } : {}),
    })),
  })),
};
// One line, so that scripts can pick it out of the output.
const json = JSON.stringify(summary);
process.stdout.write(`\nJSON summary:\n${json}\n`);
if (args.values.json) writeFileSync(args.values.json, json + "\n");

const failed = outcomes.some((outcome) => outcome.error || outcome.figures.some((figure) => figure.status === "FAIL"));
process.exitCode = failed ? 1 : 0;
