import { wordMessage } from "./field-message";
import { describe, expect, it } from "vitest";
import { parseWithZod } from "@conform-to/zod/v4";
import { DEFAULT_SURVEY, followUpQuestion, SurveyDefinition, SurveyForm, surveyQuestion } from "./survey";

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

describe("the survey form", () => {
  const post = (change: Record<string, string>) => {
    const form = new FormData();
    const flat: Record<string, string> = {
      productName: "Acme",
      "question.en": "Q?",
      "question.ja": "Q？",
      "thresholds.promoterMin": "9",
      "thresholds.detractorMax": "6",
      throttleDays: "90",
      minAccountAgeDays: "30",
      reminderAfterDays: "",
      reviewUrl: "",
      helpUrl: "",
    };
    for (const c of ["promoter", "passive", "detractor"]) for (const l of ["en", "ja"]) flat[`followUp.${c}.${l}`] = "Why?";
    for (const [key, value] of Object.entries({ ...flat, ...change })) form.append(key, value);
    return parseWithZod(form, { schema: SurveyForm });
  };

  it("reads empty links and reminder as none", () => {
    const submission = post({});
    expect(submission.status).toBe("success");
    if (submission.status === "success")
      expect(submission.value).toMatchObject({ reviewUrl: null, helpUrl: null, reminderAfterDays: null, thresholds: { promoterMin: 9 } });
  });

  it("says what is wrong next to the field", () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ "thresholds.detractorMax": "9" }, "thresholds.detractorMax", "The detractor line must be below the promoter line."],
      [{ throttleDays: "abc" }, "throttleDays", "Use 0 to 365 days."],
      [{ reminderAfterDays: "0" }, "reminderAfterDays", "Use 1 to 30 days, or leave empty for no reminder."],
      [{ reviewUrl: "javascript:alert(1)" }, "reviewUrl", "Enter a full link starting with https:// or http://, or leave it empty."],
      [{ "followUp.passive.ja": "" }, "followUp.passive.ja", "Enter this text."],
    ];
    for (const [change, field, message] of cases) {
      const coded = post(change).reply().error?.[field] ?? [];
      expect(
        coded.map((text) => wordMessage(text, "en")),
        field,
      ).toEqual([message]);
      expect(wordMessage(coded[0], "ja"), field).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });
});
