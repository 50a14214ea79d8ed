import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** Children and temp directories die with the harness, also on Ctrl-C. */
export function cleanUp() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}
process.on("exit", cleanUp);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kizuna-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export { freePort } from "../../support/free-port";

export type NodeChild = {
  child: ChildProcess;
  pid: number;
  /** Everything the child printed, for error messages. */
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
};

/**
 * Runs an entry in one Node process: compiled JavaScript as is, TypeScript through
 * `node --import tsx` (not the tsx wrapper, which would put a second process between us and
 * the one whose memory we measure).
 */
export function spawnNode(entry: string, args: string[], env: Record<string, string>, nodeFlags: string[] = []): NodeChild {
  const loader = entry.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...nodeFlags, ...loader, entry, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  exited.then(() => children.delete(child));
  return {
    child,
    pid: child.pid!,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers 200; fails early, with the child's output, if the child dies. */
export async function waitForOk(url: string, child: NodeChild, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  child.exited.then(() => (died = true));
  while (Date.now() < deadline) {
    if (died) throw new Error(`The process exited before ${url} answered:\n${child.output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s:\n${child.output()}`);
}

/** Peak resident set size (VmHWM) of a live process in MB; null where /proc is missing. */
export function peakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Watches a short-lived process's peak RSS: VmHWM is a high-water mark, so polling loses at
 * most the growth of the last interval before exit.
 */
export function watchPeakRss(pid: number, intervalMs = 50): { stop(): number | null } {
  let peak: number | null = null;
  const poll = () => {
    const now = peakRssMb(pid);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  };
  poll();
  const timer = setInterval(poll, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
