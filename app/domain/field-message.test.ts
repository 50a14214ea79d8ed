import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldMessage, wordMessage, zodDefaultCode } from "./field-message";

describe("field messages", () => {
  it("words a code with its parameters in the reader's language", () => {
    const text = fieldMessage("caseNoteTooLong", { max: 2000 });
    expect(wordMessage(text, "en")).toBe("A note is at most 2000 characters.");
    expect(wordMessage(text, "ja")).toContain("2000");
    expect(wordMessage(text, "ja")).not.toBe(wordMessage(text, "en"));
  });

  it("leaves a sentence that is already worded as it is", () => {
    expect(wordMessage("Enter your password.", "ja")).toBe("Enter your password.");
  });
});

describe("zod's own messages", () => {
  // Fields with no message of their own, parsed for real: zod's English defaults come out.
  const schema = z.object({
    name: z.string(),
    code: z.string().min(3),
    short: z.string().max(2),
    filled: z.string().min(1),
    language: z.enum(["en", "ja"]),
    email: z.email(),
    site: z.url(),
    days: z.number().min(1).max(30),
    many: z.number().max(5),
    count: z.number(),
    picks: z.array(z.string()).min(1),
    box: z.literal("on"),
    pattern: z.string().regex(/^x$/),
    checked: z.string().refine(() => false),
  });
  const issues = schema.safeParse({
    code: "ab",
    short: "abc",
    filled: "",
    language: "fr",
    email: "no",
    site: "no",
    days: 0,
    many: 9,
    count: "x",
    picks: [],
    box: "off",
    pattern: "y",
    checked: "x",
  }).error!.issues;
  const message = (field: string) => issues.find((issue) => issue.path[0] === field)!.message;

  it("are worded in the reader's language, never left as zod's English on a Japanese page", () => {
    const ja = (field: string) => wordMessage(message(field), "ja");
    expect(ja("name")).toBe("入力してください。");
    expect(ja("filled")).toBe("入力してください。");
    expect(ja("code")).toBe("3 文字以上で入力してください。");
    expect(ja("short")).toBe("2 文字以内で入力してください。");
    expect(ja("language")).toBe("選択肢から選んでください。");
    expect(ja("box")).toBe("選択肢から選んでください。");
    expect(ja("email")).toContain("メールアドレス");
    expect(ja("site")).toContain("URL");
    expect(ja("days")).toBe("1 以上の値を入力してください。");
    expect(ja("many")).toBe("5 以下の値を入力してください。");
    expect(ja("count")).toBe("数値を入力してください。");
    expect(ja("picks")).toBe("1 件以上選んでください。");
    expect(ja("pattern")).toBe("形式が正しくありません。");
    expect(ja("checked")).toBe("入力内容を確認してください。");
    for (const issue of issues)
      expect(wordMessage(issue.message, "ja").replace(/name@example\.com|https:\/\/|URL/g, ""), issue.message).not.toMatch(/[A-Za-z]{2,}/);
  });

  it("read as sentences in English too", () => {
    expect(wordMessage(message("name"), "en")).toBe("Fill in this field.");
    expect(wordMessage(message("code"), "en")).toBe("Enter at least 3 characters.");
  });

  it("leave a schema's own sentences alone", () => {
    expect(zodDefaultCode("Enter whole business days from 1 to 30.")).toBeNull();
    expect(zodDefaultCode("Invalid currency for this account")).toBeNull();
  });
});
