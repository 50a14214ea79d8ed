import { describe, expect, it } from "vitest";
import { EraseContactForm } from "./personal-data";

describe("the erase form", () => {
  it("needs the typed address and an explicit choice for the posts", () => {
    expect(EraseContactForm.safeParse({ intent: "erase", confirmEmail: " a@b.example ", posts: "keep" })).toMatchObject({
      success: true,
      data: { confirmEmail: "a@b.example", posts: "keep" },
    });
    for (const input of [
      { intent: "erase", posts: "keep" },
      { intent: "erase", confirmEmail: "   ", posts: "delete" },
      { intent: "erase", confirmEmail: "a@b.example" },
      { intent: "erase", confirmEmail: "a@b.example", posts: "shred" },
    ])
      expect(EraseContactForm.safeParse(input).success, JSON.stringify(input)).toBe(false);
  });
});
