import { describe, expect, it } from "vitest";
import { DEFAULT_SURVEY, followUpQuestion, SurveyDefinition, surveyQuestion } from "./survey";

describe("the survey definition", () => {
  it("asks the question with the product name in both languages", () => {
    const survey = { ...DEFAULT_SURVEY, productName: "Acme CRM" };
    expect(surveyQuestion(survey, "en")).toBe("How likely are you to recommend Acme CRM to a friend or colleague?");
    expect(surveyQuestion(survey, "ja")).toContain("Acme CRMを友人や同僚に薦める");
  });
  it("asks a different follow-up per category", () => {
    const asked = new Set((["promoter", "passive", "detractor"] as const).map((c) => followUpQuestion(DEFAULT_SURVEY, c, "en")));
    expect(asked.size).toBe(3);
  });
  it("refuses overlapping category thresholds and non-http links", () => {
    expect(SurveyDefinition.safeParse({ ...DEFAULT_SURVEY, thresholds: { promoterMin: 6, detractorMax: 7 } }).success).toBe(false);
    expect(SurveyDefinition.safeParse({ ...DEFAULT_SURVEY, reviewUrl: "javascript:alert(1)" }).success).toBe(false);
    expect(SurveyDefinition.safeParse(DEFAULT_SURVEY).success).toBe(true);
  });
});
