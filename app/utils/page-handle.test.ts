import { describe, expect, it } from "vitest";
import { pageHydrates, SERVER_RENDERED_ONLY } from "./page-handle";

describe("pageHydrates", () => {
  it("loads the client scripts unless a matched route opts out", () => {
    expect(pageHydrates([{ handle: undefined }, { handle: { other: 1 } }])).toBe(true);
    expect(pageHydrates([{ handle: undefined }, { handle: SERVER_RENDERED_ONLY }])).toBe(false);
  });
});
