import { describe, expect, it } from "vitest";
import { createLogger, readableLine } from "../../app/utils/log.server";

describe("the log's lines", () => {
  it("are one JSON object each, with an ISO time and the level's name; named secrets are redacted as a last guard", () => {
    const chunks: string[] = [];
    const logger = createLogger({ level: "info", destination: { write: (line: string) => void chunks.push(line) } });
    logger.debug("below the level");
    logger.info({ route: "/s/:token", token: "abc", nested: { password: "pw" } }, "GET /s/:token 200");
    expect(chunks).toHaveLength(1);
    const line = JSON.parse(chunks[0]) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "info", route: "/s/:token", token: "[redacted]", nested: { password: "[redacted]" }, msg: "GET /s/:token 200" });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("read as a person would in development: time, level, message, then the fields", () => {
    expect(readableLine('{"level":"info","time":"2026-12-07T14:23:01.123Z","reqId":"ab12","status":200,"msg":"GET /cs 200"}')).toBe(
      "14:23:01 INFO  GET /cs 200  reqId=ab12 status=200\n",
    );
    expect(readableLine("not json\n")).toBe("not json\n");
  });
});
