import { describe, expect, it } from "vitest";
import { MAX_MENTIONS_PER_POST, mentionsIn, mentionSpans } from "./mentions";

describe("mentionsIn", () => {
  it("finds @handles in text, lowercased, each once, in the order first written", () => {
    expect(mentionsIn("Thanks @Alice! @bob_k and @carol-2, and again @alice.")).toEqual(["alice", "bob_k", "carol-2"]);
  });

  it("finds them in headings, lists, quotes, tables and emphasis, and after Japanese text or punctuation", () => {
    expect(mentionsIn("# @a1\n\n- @b2\n\n> @c3\n\n| x |\n|---|\n| @d4 |\n\n**@e5** こんにちは@f6さん (@g7)")).toEqual([
      "a1",
      "b2",
      "c3",
      "d4",
      "e5",
      "f6",
      "g7",
    ]);
  });

  it("does not read code spans, fenced or indented code blocks", () => {
    expect(mentionsIn("`@alice` and ``x @bob x``\n\n```\n@carol\n```\n\n    @dave in indented code\n\nbut @erin")).toEqual(["erin"]);
  });

  it("does not read email addresses, paths or links' text", () => {
    expect(mentionsIn("mail alice@example.com or bob.k@example.co.jp; see https://ok.example/@carol and /u/@dave, [ask @erin](https://ok.example)")).toEqual(
      [],
    );
  });

  it("does not read what is not a handle: one letter, more than 30, or a trailing @", () => {
    expect(mentionsIn(`@a @${"x".repeat(31)} @_lead @alice@example.com`)).toEqual([]);
    expect(mentionsIn(`@${"y".repeat(30)}`)).toEqual(["y".repeat(30)]);
  });

  it("stops at the cap, and a caller may ask for another", () => {
    const many = Array.from({ length: 25 }, (_, n) => `@member${n}`).join(" ");
    expect(mentionsIn(many)).toHaveLength(MAX_MENTIONS_PER_POST);
    expect(mentionsIn(many)[0]).toBe("member0");
    expect(mentionsIn(many, 3)).toEqual(["member0", "member1", "member2"]);
    expect(mentionsIn(many, 0)).toEqual([]);
  });

  it("finds nothing in a post without @", () => {
    expect(mentionsIn("No mentions here.")).toEqual([]);
  });
});

describe("mentionSpans", () => {
  it("gives where each mention starts and ends in a run of text", () => {
    expect(mentionSpans("hi @ann, @bo")).toEqual([
      { start: 3, end: 7, handle: "ann" },
      { start: 9, end: 12, handle: "bo" },
    ]);
  });

  it("reads the character before the run when the mention opens it", () => {
    expect(mentionSpans("@ann", "x")).toEqual([]);
    expect(mentionSpans("@ann", " ")).toHaveLength(1);
    expect(mentionSpans("@ann", "")).toHaveLength(1);
  });
});
