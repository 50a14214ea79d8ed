import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "./env.server";

/**
 * Kizuna's log: one JSON object a line on standard output (docs/decisions/041), at LOG_LEVEL.
 * What goes in is chosen field by field by the code that logs: route patterns, never paths or
 * query strings (they carry tokens); counts and ids, never bodies, addresses' tokens, keys or
 * passwords. In development the same lines are printed readably.
 */
const holder = globalThis as unknown as { __kizunaLog?: Logger; __kizunaRequestLog?: Logger };

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

/** `redact: false` only for a logger whose every field is chosen by one function (the request line). */
export function createLogger(options: { level: string; destination?: DestinationStream; redact?: boolean }): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // A last guard: should an object with these names ever be logged, its value is not.
      ...(options.redact === false
        ? {}
        : {
            redact: { paths: ["password", "token", "authorization", "cookie", "*.password", "*.token", "*.authorization", "*.cookie"], censor: "[redacted]" },
          }),
    },
    // Through process.stdout (synchronous for files and pipes), so a line is out before a crash
    // and whatever captures the process's output captures the log.
    options.destination ?? process.stdout,
  );
}

/** How long a line may wait in the buffer before it is written. */
const LOG_FLUSH_MS = 250;

/**
 * Standard output, buffered, for the one line per request: lines go out 4 kB at a time, or
 * within LOG_FLUSH_MS. Written a line at a time (a system call per request, and a wait whenever
 * whatever reads the output falls behind), they cost the answer path a fifth of its throughput
 * and multiplied its p99 (the answer bench). What is still buffered is written before the
 * process exits, crashes included; only a kill -9 can lose it (at most LOG_FLUSH_MS of requests).
 * Every other line (start-up, jobs, errors) is written at once.
 */
function bufferedStandardOutput(): DestinationStream {
  let pending = "";
  const flush = () => {
    if (!pending) return;
    const out = pending;
    pending = "";
    // Through process.stdout, so whatever captures the process's output captures these lines too.
    process.stdout.write(out);
  };
  setInterval(flush, LOG_FLUSH_MS).unref();
  process.on("exit", flush);
  return {
    write(line: string) {
      pending += line;
      if (pending.length >= 4096) flush();
    },
  };
}

function ensureLoggers() {
  if (holder.__kizunaLog) return;
  const { LOG_LEVEL, NODE_ENV } = env();
  const development = NODE_ENV === "development";
  holder.__kizunaLog = createLogger({ level: LOG_LEVEL, destination: development ? readableStdout : undefined });
  holder.__kizunaRequestLog = development ? holder.__kizunaLog : createLogger({ level: LOG_LEVEL, destination: bufferedStandardOutput(), redact: false });
}

/** The process's logger, made on first use from LOG_LEVEL and NODE_ENV. */
export function log(): Logger {
  ensureLoggers();
  return holder.__kizunaLog!;
}

/**
 * The logger of the one line per request (buffered: see bufferedStandardOutput). Its fields are
 * the ones logRequest picks (route patterns, status, times), so it skips the redaction pass.
 */
export function requestLog(): Logger {
  ensureLoggers();
  return holder.__kizunaRequestLog ?? holder.__kizunaLog!;
}

/** Replaces the process's loggers (tests read what is logged through their own destination). */
export function useLogger(logger: Logger | undefined) {
  holder.__kizunaLog = logger;
  holder.__kizunaRequestLog = logger;
}
