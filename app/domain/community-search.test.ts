import { describe, expect, it } from "vitest";
import {
  communityMatchQuery,
  communitySearchRow,
  CommunitySearchParams,
  highlightPattern,
  markdownPlainText,
  rankCandidates,
  markMatches,
  searchParamsObject,
  searchPieces,
  searchSnippet,
  similarTitleQuery,
} from "./community-search";

describe("communityMatchQuery", () => {
  it("quotes English words (porter stems them in the index) and spells a Japanese run as a phrase of its characters", () => {
    expect(communityMatchQuery("Exporting CSV").match).toBe('"exporting" AND "csv"');
    expect(communityMatchQuery("設定").match).toBe('"設 定"');
    expect(communityMatchQuery("APIキーの設定").match).toBe('"api" AND "キ ー の 設 定"');
  });

  it("turns full-width letters and digits into the ones people index", () => {
    expect(communityMatchQuery("ＣＳＶ　２０２６").match).toBe('"csv" AND "2026"');
  });

  it("never passes FTS5 syntax through: quotes, stars, NEAR, minus, colons and parentheses are dropped", () => {
    for (const input of ['"', "*", "NEAR(", "-", 'foo" OR "bar', "title:secret", "a*b", "(((", "^x", "NOT", "AND OR"]) {
      const { match } = communityMatchQuery(input);
      if (match === null) continue;
      expect(match).toMatch(/^(title : )?"[^"]+"( AND "[^"]+")*$/);
    }
    expect(communityMatchQuery('foo" OR "bar').match).toBe('"foo" AND "or" AND "bar"');
    expect(communityMatchQuery("NEAR(").match).toBe('"near"');
  });

  it("has nothing to search for in punctuation alone", () => {
    expect(communityMatchQuery('"*-()').match).toBeNull();
    expect(communityMatchQuery("   ").match).toBeNull();
  });

  it("looks in titles only for a one-character query", () => {
    expect(communityMatchQuery("設")).toMatchObject({ match: 'title : "設"', titleOnly: true });
    expect(communityMatchQuery(" x ")).toMatchObject({ match: 'title : "x"', titleOnly: true });
    expect(communityMatchQuery("設定").titleOnly).toBe(false);
  });

  it("reads no more than 200 characters of a query", () => {
    expect(searchPieces("a ".repeat(500)).length).toBe(100);
  });
});

describe("similarTitleQuery", () => {
  it("uses the kanji and katakana runs of a Japanese title and the content words of an English one, in titles", () => {
    expect(similarTitleQuery("設定をエクスポートする方法")).toBe('title : ("設 定" OR "エ ク ス ポ ー ト" OR "方 法")');
    expect(similarTitleQuery("How do I export the report?")).toBe('title : ("export" OR "report")');
  });

  it("has nothing to go on in a title being started", () => {
    expect(similarTitleQuery("Ho")).toBeNull();
    expect(similarTitleQuery("を")).toBeNull();
  });
});

describe("markdownPlainText", () => {
  it("keeps what a reader sees and drops the markup", () => {
    expect(markdownPlainText("# Title\n\n**Bold** and _it_ with [a link](https://example.com) and `code`\n\n> quoted\n- item")).toBe(
      "Title Bold and it with a link and code quoted item",
    );
    expect(markdownPlainText("```ts\nconst x = 1;\n```")).toBe("const x = 1;");
  });
});

describe("communitySearchRow", () => {
  it("indexes the title only on the opening post and the body as plain text", () => {
    expect(communitySearchRow("設定の方法", "**設定**画面")).toEqual({ title: "設 定 の 方 法", body: "設 定 画 面" });
    expect(communitySearchRow(null, "Export it")).toEqual({ title: "", body: "export it" });
  });
});

describe("snippets", () => {
  it("escapes the text before marking matches, so a post's HTML is shown as text", () => {
    const html = searchSnippet('<img src=x onerror="alert(1)"> export now', searchPieces("export"));
    expect(html).toBe("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>export</mark> now");
    expect(html).not.toContain("<img");
  });

  it("marks other forms of an English word and Japanese substrings", () => {
    expect(markMatches("Exported, exports and exporting", highlightPattern(searchPieces("exporting")))).toBe(
      "<mark>Exported</mark>, <mark>exports</mark> and <mark>exporting</mark>",
    );
    expect(markMatches("設定画面から変更します", highlightPattern(searchPieces("設定")))).toBe("<mark>設定</mark>画面から変更します");
  });

  it("keeps Japanese punctuation as written and marks full-width letters", () => {
    expect(searchSnippet("ＣＳＶの出力は？", searchPieces("csv"))).toBe("<mark>CSV</mark>の出力は？");
  });

  it("does not mark a word that merely contains the term", () => {
    expect(markMatches("reexport export", highlightPattern(searchPieces("export")))).toBe("reexport <mark>export</mark>");
  });

  it("cuts a window around the first match in a long post", () => {
    const source = `${"前置き。".repeat(100)}ここで設定を変更します。${"後書き。".repeat(100)}`;
    const html = searchSnippet(source, searchPieces("設定"), 60);
    expect(html.startsWith("…")).toBe(true);
    expect(html.endsWith("…")).toBe(true);
    expect(html).toContain("<mark>設定</mark>");
  });
});

describe("CommunitySearchParams", () => {
  it("drops what is malformed instead of refusing the search", () => {
    const params = CommunitySearchParams.parse(
      searchParamsObject(new URLSearchParams("q=設定&category=<x>&solved=maybe&from=yesterday&page=-3&author=@hana_s")),
    );
    expect(params).toEqual({ q: "設定", category: undefined, solved: undefined, author: "hana_s", from: undefined, to: undefined, page: 1 });
  });

  it("drops a day that is not in the calendar", () => {
    expect(CommunitySearchParams.parse({ from: "2026-02-30", to: "2026-12-31" })).toMatchObject({ from: undefined, to: "2026-12-31" });
  });

  it("takes a missing query as empty", () => {
    expect(CommunitySearchParams.parse({}).q).toBe("");
  });
});

describe("rankCandidates", () => {
  const row = (postId: number, topicId: number, title: string | null, body: string) => ({ postId, topicId, ...communitySearchRow(title, body) });

  it("puts a title match first, keeps each topic's best post once, and breaks ties by the newer topic", () => {
    const ranked = rankCandidates(
      [
        row(10, 1, null, "設定を変えました。"),
        row(11, 1, null, "設定、設定、また設定。"),
        row(12, 2, "設定の方法", "教えてください。"),
        row(13, 3, null, "設定を変えました。"),
      ],
      searchPieces("設定"),
    );
    expect(ranked.map((hit) => hit.topicId)).toEqual([2, 1, 3]);
    expect(ranked.find((hit) => hit.topicId === 1)?.postId).toBe(11);
  });

  it("counts other forms of an English word, and a shorter post higher for the same count", () => {
    const ranked = rankCandidates(
      [row(1, 1, null, "We exported the report and then many other unrelated things happened afterwards"), row(2, 2, null, "Exporting reports")],
      searchPieces("export report"),
    );
    expect(ranked.map((hit) => hit.topicId)).toEqual([2, 1]);
    expect(ranked[1].score).toBeGreaterThan(0);
  });
});
