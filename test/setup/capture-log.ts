import { useLogger, createLogger } from "../../app/utils/log.server";

/** Sends the app's log lines to memory until `restore`: `text()` is everything logged, as the process would have printed it. */
export function captureLog(level = "trace") {
  const chunks: string[] = [];
  useLogger(createLogger({ level, destination: { write: (line: string) => void chunks.push(line) } }));
  return {
    text: () => chunks.join(""),
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => useLogger(undefined),
  };
}
