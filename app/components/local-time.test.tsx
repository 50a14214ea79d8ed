import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LocalTime } from "./local-time";
import { countOf } from "./pager";

describe("LocalTime on the server", () => {
  it("renders moments and dates in UTC, each in its own format however they alternate", () => {
    const moment = Date.UTC(2026, 11, 6, 23, 30, 5);
    for (let round = 0; round < 2; round++) {
      expect(renderToString(<LocalTime value={moment} />)).toContain(">2026-12-06 23:30:05 UTC</time>");
      expect(renderToString(<LocalTime value={moment} dateOnly />)).toContain(">2026-12-06</time>");
    }
  });
});

describe("countOf", () => {
  it("groups thousands and picks the singular or plural", () => {
    expect(countOf(1, "account")).toBe("1 account");
    expect(countOf(2000, "account")).toBe("2,000 accounts");
    expect(countOf(1234567, "match", "matches")).toBe("1,234,567 matches");
  });
});
