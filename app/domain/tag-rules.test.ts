import { describe, expect, it } from "vitest";
import { errorMessage } from "./service-error";
import { KeywordRuleError, MAX_KEYWORDS_PER_RULE, matchTagRules, normalizeForMatching, parseKeywords } from "./tag-rules";

/** The error parseKeywords refuses `input` with: a code and params, never an English sentence. */
function refusal(input: string): KeywordRuleError {
  try {
    parseKeywords(input);
  } catch (error) {
    if (error instanceof KeywordRuleError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("normalizeForMatching", () => {
  it("folds full-width Latin and digits and lower-cases", () => {
    expect(normalizeForMatching("ＡＢＣ １２３ Price")).toBe("abc 123 price");
  });
  it("turns half-width katakana into full-width", () => {
    expect(normalizeForMatching("ｻﾎﾟｰﾄ")).toBe("サポート");
  });
  it("collapses whitespace, including the ideographic space and newlines", () => {
    expect(normalizeForMatching("  customer\u3000\n support  ")).toBe("customer support");
  });
});

describe("matchTagRules", () => {
  const PRICING = 1;
  const SPEED = 2;
  const SUPPORT = 3;
  const rules = [
    { tagId: PRICING, keywords: ["price", "高い", "料金"] },
    { tagId: SPEED, keywords: ["slow", "遅い", "重い"] },
    { tagId: SUPPORT, keywords: ["customer support", "サポート", "c++"] },
  ];

  it("matches English keywords as whole words, ignoring case and punctuation", () => {
    expect(matchTagRules("Great product, but the Price!", rules)).toEqual([PRICING]);
    expect(matchTagRules("(price)", rules)).toEqual([PRICING]);
  });
  it("accepts a plural s or es", () => {
    expect(matchTagRules("Prices went up again", rules)).toEqual([PRICING]);
    expect(matchTagRules("Too many crashes", [{ tagId: 9, keywords: ["crash"] }])).toEqual([9]);
  });
  it("does not match inside another word", () => {
    expect(matchTagRules("The price is fine", [{ tagId: 9, keywords: ["ice"] }])).toEqual([]);
    expect(matchTagRules("The pricing page", rules)).toEqual([]);
    expect(matchTagRules("slowly getting better", rules)).toEqual([]);
    expect(matchTagRules("v20 is out", [{ tagId: 9, keywords: ["v2"] }])).toEqual([]);
  });
  it("matches a phrase across collapsed whitespace", () => {
    expect(matchTagRules("Customer\n  Support was great", rules)).toEqual([SUPPORT]);
  });
  it("needs no boundary after a keyword that ends in a symbol", () => {
    expect(matchTagRules("The C++SDK docs", rules)).toEqual([SUPPORT]);
  });
  it("matches full-width English in a comment", () => {
    expect(matchTagRules("ＰＲＩＣＥが問題", rules)).toEqual([PRICING]);
  });
  it("treats Japanese next to an English word as a word boundary", () => {
    expect(matchTagRules("UIが重い", [{ tagId: 9, keywords: ["ui"] }])).toEqual([9]);
    expect(matchTagRules("slowです", rules)).toEqual([SPEED]);
  });
  it("matches Japanese keywords anywhere in the text", () => {
    expect(matchTagRules("動作が遅いです", rules)).toEqual([SPEED]);
    expect(matchTagRules("料金が高いと感じます", rules)).toEqual([PRICING]);
  });
  it("matches half-width katakana against a full-width keyword, and the reverse", () => {
    expect(matchTagRules("ｻﾎﾟｰﾄが親切", rules)).toEqual([SUPPORT]);
    expect(matchTagRules("サポートが親切", [{ tagId: 9, keywords: ["ｻﾎﾟｰﾄ"] }])).toEqual([9]);
  });
  it("returns every matching tag once, in rule order", () => {
    expect(matchTagRules("遅いし高い。The price is high and it is slow, slow, slow", rules)).toEqual([PRICING, SPEED]);
    expect(
      matchTagRules("price", [
        { tagId: 5, keywords: ["price"] },
        { tagId: 5, keywords: ["PRICE"] },
      ]),
    ).toEqual([5]);
  });
  it("matches nothing for no comment, a blank one, or a blank keyword", () => {
    expect(matchTagRules(null, rules)).toEqual([]);
    expect(matchTagRules("   ", rules)).toEqual([]);
    expect(matchTagRules("anything", [{ tagId: 9, keywords: ["", "  "] }])).toEqual([]);
  });
});

describe("parseKeywords", () => {
  it("splits on commas, Japanese commas and newlines, trimming and dropping blanks", () => {
    expect(parseKeywords("price, cost\n料金、高い，値段\r\n\n ,  ")).toEqual(["price", "cost", "料金", "高い", "値段"]);
  });
  it("drops duplicates after normalization, keeping the first spelling", () => {
    expect(parseKeywords("Price, price, ＰＲＩＣＥ, サポート, ｻﾎﾟｰﾄ")).toEqual(["Price", "サポート"]);
  });
  it("keeps phrases with inner whitespace collapsed", () => {
    expect(parseKeywords("customer   support")).toEqual(["customer support"]);
  });
  it("gives nothing for an empty textarea", () => {
    expect(parseKeywords(" \n、, ")).toEqual([]);
  });
  it("accepts 50 keywords of 60 characters", () => {
    const keywords = Array.from({ length: MAX_KEYWORDS_PER_RULE }, (_, i) => `${i}`.padEnd(60, "x"));
    expect(parseKeywords(keywords.join("\n"))).toHaveLength(50);
    expect(parseKeywords("あ".repeat(60))).toEqual(["あ".repeat(60)]);
  });
  it("refuses more than 50 distinct keywords", () => {
    const input = Array.from({ length: 51 }, (_, i) => `word${i}`).join(",");
    expect(() => parseKeywords(input)).toThrow(RangeError);
    expect(() => parseKeywords(input)).toThrow(expect.objectContaining({ code: "tagKeywordsTooMany", params: { max: 50, count: 51 } }));
    const error = refusal(input);
    expect(errorMessage(error.code, error.params, "en")).toBe("A rule takes at most 50 keywords; this one has 51. Split it into several rules.");
    expect(errorMessage(error.code, error.params, "ja")).toBe("1 つのルールのキーワードは 50 個までです（現在 51 個）。複数のルールに分けてください。");
  });
  it("counts duplicates once towards the limit", () => {
    expect(parseKeywords(Array.from({ length: 60 }, () => "same").join(","))).toEqual(["same"]);
  });
  it("refuses a keyword over 60 characters, in English or Japanese", () => {
    const error = refusal("ok, " + "x".repeat(61));
    expect(error).toMatchObject({ code: "tagKeywordTooLong", params: { max: 60, keyword: "x".repeat(20) } });
    expect(errorMessage(error.code, error.params, "en")).toBe(`Keep each keyword to 60 characters; “${"x".repeat(20)}…” is longer.`);
    expect(errorMessage(error.code, error.params, "ja")).toBe(`キーワードは 1 つ 60 文字以内にしてください。「${"x".repeat(20)}…」は長すぎます。`);
    expect(() => parseKeywords("遅".repeat(61))).toThrow(RangeError);
  });
});
