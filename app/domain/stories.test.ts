import { describe, expect, it } from "vitest";
import { companyMonogram, consentCovers, coveredUses, hasNumbers, publishBlock, showsCompanyInCommunity, StoryConsentFields, StoryFields } from "./stories";

const story = {
  title: "Half the onboarding time",
  industry: "Logistics",
  challenge: "Slow onboarding.",
  solution: "Guides and a checklist.",
  results: "Onboarding fell from 60 to 30 days.",
  language: "en",
};

describe("story consent rules", () => {
  it("names the company in the community only when the consent in force covers the community", () => {
    expect(showsCompanyInCommunity({ community: true, website: false, salesDeck: false })).toBe(true);
    expect(showsCompanyInCommunity({ community: false, website: true, salesDeck: true })).toBe(false);
    expect(showsCompanyInCommunity(null)).toBe(false);
  });

  it("covers exactly the uses agreed, and none once revoked (no consent in force)", () => {
    const consent = { community: false, website: true, salesDeck: true };
    expect(coveredUses(consent)).toEqual(["website", "salesDeck"]);
    expect(consentCovers(consent, "website")).toBe(true);
    expect(coveredUses(null)).toEqual([]);
    expect(consentCovers(null, "salesDeck")).toBe(false);
  });

  it("publishes only with a consent, and never twice", () => {
    expect(publishBlock("in_review", null)).toBe("storyNeedsConsent");
    expect(publishBlock("in_review", { community: false, website: true, salesDeck: false })).toBeNull();
    expect(publishBlock("draft", { community: true, website: false, salesDeck: false })).toBeNull();
    expect(publishBlock("published", { community: true, website: false, salesDeck: false })).toBe("storyWrongStatus");
  });

  it("refuses a consent with no use ticked", () => {
    expect(StoryConsentFields.safeParse({ contactId: 1, agreedOn: "2026-12-01" }).success).toBe(false);
    expect(StoryConsentFields.safeParse({ contactId: 1, agreedOn: "2026-12-01", website: "on" }).success).toBe(true);
    expect(StoryConsentFields.safeParse({ contactId: 1, agreedOn: "yesterday", website: "on" }).success).toBe(false);
  });
});

describe("the story form", () => {
  it("asks for results with numbers, in half- or full-width digits", () => {
    expect(StoryFields.safeParse(story).success).toBe(true);
    const vague = StoryFields.safeParse({ ...story, results: "Much better." });
    expect(vague.success).toBe(false);
    expect(vague.error?.issues[0].path).toEqual(["results"]);
    expect(hasNumbers("問い合わせが３割減少")).toBe(true);
  });

  it("refuses an empty challenge, a short title and a control character", () => {
    expect(StoryFields.safeParse({ ...story, challenge: "  " }).success).toBe(false);
    expect(StoryFields.safeParse({ ...story, title: "Hi" }).success).toBe(false);
    expect(StoryFields.safeParse({ ...story, industry: "Logi\u0007stics" }).success).toBe(false);
  });

  it("marks a company with the first letters of its first two words", () => {
    expect(companyMonogram("Sakura Logistics")).toBe("SL");
    expect(companyMonogram("acme")).toBe("AC");
    expect(companyMonogram("桜 物流")).toBe("桜物");
  });
});
