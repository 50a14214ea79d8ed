import { describe, expect, it } from "vitest";
import { searchableText, searchMatchQuery } from "./comment-search";

describe("searchableText", () => {
  it("puts each Japanese character in a token of its own and keeps English words whole", () => {
    expect(searchableText("CSVの出力が遅い")).toBe("csv の 出 力 が 遅 い");
    expect(searchableText("Exports  keep\ntiming out")).toBe("exports keep timing out");
  });

  it("folds full-width letters and half-width katakana", () => {
    expect(searchableText("ＣＳＶ ｻﾎﾟｰﾄ")).toBe("csv サ ポ ー ト");
  });
});

describe("searchMatchQuery", () => {
  it("matches English terms as prefixes and Japanese terms as phrases, all required", () => {
    expect(searchMatchQuery("export slow")).toBe('"export"* AND "slow"*');
    expect(searchMatchQuery("遅い")).toBe('"遅 い"');
    expect(searchMatchQuery("CSVの出力")).toBe('"csv の 出 力"');
  });

  it("treats quotes and FTS operators as text and gives null for nothing to search", () => {
    expect(searchMatchQuery('"price" OR NEAR(')).toBe('"price"* AND "or"* AND "near"*');
    expect(searchMatchQuery("  ")).toBeNull();
    expect(searchMatchQuery("!!!")).toBeNull();
  });
});
