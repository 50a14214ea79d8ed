import { describe, expect, it } from "vitest";
import { staffEmailLanguage, teamDefaultLanguage } from "./staff-language";

describe("the language Kizuna writes to staff in", () => {
  it("is the recipient's own when they have one, whatever the team's zone", () => {
    expect(staffEmailLanguage("ja", "Europe/London")).toBe("ja");
    expect(staffEmailLanguage("en", "Asia/Tokyo")).toBe("en");
  });
  it("is the team's for someone who never signed in: Japanese on Tokyo time, else English", () => {
    expect(staffEmailLanguage(null, "Asia/Tokyo")).toBe("ja");
    expect(staffEmailLanguage(null, "UTC")).toBe("en");
    expect(teamDefaultLanguage("America/New_York")).toBe("en");
  });
});
