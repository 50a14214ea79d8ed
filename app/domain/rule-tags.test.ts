import { describe, expect, it } from "vitest";
import { cleanTagName, MAX_TAG_NAME_LENGTH, ruleTagChange } from "./rule-tags";

describe("ruleTagChange", () => {
  it("adds matched tags the response lacks and removes rule tags no longer matched", () => {
    expect(
      ruleTagChange(
        [
          { tagId: 1, source: "rule" },
          { tagId: 2, source: "rule" },
        ],
        [2, 3],
      ),
    ).toEqual({ add: [3], remove: [1] });
  });

  it("never touches a manual tag, matched or not", () => {
    expect(ruleTagChange([{ tagId: 1, source: "manual" }], [])).toEqual({ add: [], remove: [] });
    expect(ruleTagChange([{ tagId: 1, source: "manual" }], [1])).toEqual({ add: [], remove: [] });
  });

  it("changes nothing when the tags already agree (idempotent)", () => {
    expect(ruleTagChange([{ tagId: 4, source: "rule" }], [4])).toEqual({ add: [], remove: [] });
  });
});

describe("cleanTagName", () => {
  it("trims, collapses spaces and folds full-width letters", () => {
    expect(cleanTagName("  Ｐｒｉｃｉｎｇ   issues ")).toBe("Pricing issues");
    expect(cleanTagName("価格")).toBe("価格");
  });

  it("refuses empty and over-long names", () => {
    expect(cleanTagName("   ")).toBeNull();
    expect(cleanTagName("x".repeat(MAX_TAG_NAME_LENGTH + 1))).toBeNull();
    expect(cleanTagName("x".repeat(MAX_TAG_NAME_LENGTH))).not.toBeNull();
  });
});
