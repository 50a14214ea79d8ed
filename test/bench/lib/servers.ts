import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, peakRssMb, projectRoot, spawnNode, waitForOk, type NodeChild } from "./processes";

export type RunningServer = {
  url: string;
  pid: number;
  /** Peak RSS so far, in MB. */
  peakRssMb(): number | null;
  output(): string;
  stop(): Promise<void>;
};

function running(url: string, node: NodeChild): RunningServer {
  return { url, pid: node.pid, peakRssMb: () => peakRssMb(node.pid), output: node.output, stop: node.stop };
}

export type AppOptions = {
  databaseFile: string;
  /** The in-process worker runs by default, as in production; `false` sets KIZUNA_WORKER=0. */
  worker?: boolean;
  env?: Record<string, string>;
  /** Extra node flags for the app alone (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeFlags?: string[];
};

/** The node flags and entry of `npm run serve`, so a bench runs exactly what `npm start` runs. */
function serveCommand(): { flags: string[]; entry: string } {
  const script = (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.serve;
  const [node, ...args] = script.trim().split(/\s+/);
  if (node !== "node" || args.length === 0) throw new Error(`Expected the serve script to be "node [flags] ENTRY", not "${script}".`);
  return { flags: args.slice(0, -1), entry: args.at(-1)! };
}

/**
 * Starts the BUILT app (what `npm run serve` runs) on a free port against `databaseFile`,
 * without demo data, and waits for /healthz.
 */
export async function startApp(options: AppOptions): Promise<RunningServer> {
  const serve = serveCommand();
  if (!existsSync(join(projectRoot, serve.entry))) throw new Error("No production build: run `npm run bench` (it builds first) or `npm run build`.");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const node = spawnNode(
    serve.entry,
    [],
    {
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: url,
      DATABASE_URL: `file:${options.databaseFile}`,
      SESSION_SECRET: "bench-session-secret-0123456789abcdef0123456789",
      KIZUNA_DEMO: "0",
      KIZUNA_WORKER: options.worker === false ? "0" : "1",
      ...options.env,
    },
    [...serve.flags, ...(options.nodeFlags ?? [])],
  );
  await waitForOk(`${url}/healthz`, node);
  return running(url, node);
}

/**
 * Starts the bare baseline: `node:http` + better-sqlite3 (same file, same pragmas) and nothing
 * else, answering with `handler` — a module under test/bench/bare/ whose default export takes
 * the connection and returns the request handler. `readyPath` must answer 200 once it listens.
 */
export async function startBareServer(options: { databaseFile: string; handler: string; readyPath: string }): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const node = spawnNode("test/bench/bare/server.ts", [], {
    PORT: String(port),
    BENCH_DATABASE_FILE: options.databaseFile,
    BENCH_HANDLER: options.handler,
  });
  await waitForOk(`${url}${options.readyPath}`, node);
  return running(url, node);
}
