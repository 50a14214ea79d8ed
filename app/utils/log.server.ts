import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "./env.server";

/**
 * Kizuna's log: one JSON object a line on standard output (docs/decisions/041), at LOG_LEVEL.
 * What goes in is chosen field by field by the code that logs: route patterns, never paths or
 * query strings (they carry tokens); counts and ids, never bodies, addresses' tokens, keys or
 * passwords. In development the same lines are printed readably.
 */
const holder = globalThis as unknown as { __kizunaLog?: Logger };

/** A readable line for a person watching `npm run dev`: time, level, message, then the other fields. */
export function readableLine(json: string): string {
  try {
    const { time, level, msg, ...rest } = JSON.parse(json) as Record<string, unknown>;
    const clock = typeof time === "string" ? time.slice(11, 19) : "";
    const fields = Object.entries(rest)
      .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
      .join(" ");
    return `${clock} ${String(level).toUpperCase().padEnd(5)} ${String(msg ?? "")}${fields ? `  ${fields}` : ""}\n`;
  } catch {
    return json;
  }
}

const readableStdout: DestinationStream = { write: (line: string) => void process.stdout.write(readableLine(line)) };

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // A last guard: should an object with these names ever be logged, its value is not.
      redact: { paths: ["password", "token", "authorization", "cookie", "*.password", "*.token", "*.authorization", "*.cookie"], censor: "[redacted]" },
    },
    // Through process.stdout (synchronous for files and pipes), so a line is out before a crash
    // and whatever captures the process's output captures the log.
    options.destination ?? process.stdout,
  );
}

/** The process's logger, made on first use from LOG_LEVEL and NODE_ENV. */
export function log(): Logger {
  if (!holder.__kizunaLog) {
    const { LOG_LEVEL, NODE_ENV } = env();
    holder.__kizunaLog = createLogger({ level: LOG_LEVEL, destination: NODE_ENV === "development" ? readableStdout : undefined });
  }
  return holder.__kizunaLog;
}

/** Replaces the process's logger (tests read what is logged through their own destination). */
export function useLogger(logger: Logger | undefined) {
  holder.__kizunaLog = logger;
}
