import { describe, expect, it } from "vitest";
import { fieldMessage, wordMessage } from "./field-message";

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
