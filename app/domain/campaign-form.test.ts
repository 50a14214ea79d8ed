import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { CampaignForm, campaignFormToInput, CampaignStopForm } from "./campaign-form";
import { wordMessage } from "./field-message";

function post(fields: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const one of [value].flat()) form.append(key, one);
  return parseWithZod(form, { schema: CampaignForm });
}

const BASE = { intent: "preview", name: "Q3 pulse", throttleDays: "90", minAccountAgeDays: "30" };

describe("the new-campaign form", () => {
  it("puts each refusal on the field it is about, in words a person can act on", () => {
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ throttleDays: "" }, "throttleDays", /^Enter a number\.$/],
      [{ dailyCap: "lots" }, "dailyCap", /whole number/],
      [{ samplePercent: "101" }, "samplePercent", /at most 100/],
      [{ segments: ["low", "enterprise"] }, "segments", /high, low or tech/],
      [{ csms: "7; drop table" }, "csms", /Pick CSMs/],
      [{ schedule: "later" }, "startAt", /Pick a date and time/],
      [{ name: "" }, "name", /Give the campaign a name/],
      [{ intent: "delete" }, "intent", /Preview or Launch/],
    ];
    for (const [change, field, message] of cases) {
      const submission = post({ ...BASE, ...change });
      expect(submission.status, field).toBe("error");
      const coded = submission.reply().error?.[field]?.[0] ?? "";
      expect(wordMessage(coded, "en"), field).toMatch(message);
      // The same refusal in Japanese is a Japanese sentence, never the code or the English.
      expect(wordMessage(coded, "ja"), field).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(wordMessage(coded, "ja"), field).not.toMatch(message);
    }
  });

  it("becomes the service's input: lists, rules, and a schedule in the browser's time zone", () => {
    const submission = post({
      ...BASE,
      segments: "low",
      csms: ["3", "4"],
      accounts: "a-1, a-2\nb-3",
      schedule: "later",
      startAt: "2027-01-05T09:00",
      tzOffset: "-540",
    });
    if (submission.status !== "success") throw new Error("expected the form to parse");
    const { input, scheduledAt } = campaignFormToInput(submission.value);
    expect(input).toEqual({
      name: "Q3 pulse",
      targeting: { segments: ["low"], stages: undefined, locales: undefined, csmUserIds: [3, 4], accountExternalIds: ["a-1", "a-2", "b-3"] },
      rules: { throttleDays: 90, minAccountAgeDays: 30, samplePercent: null, dailyCap: null, reminderAfterDays: null },
    });
    expect(scheduledAt).toBe(Date.UTC(2027, 0, 5, 0, 0));
  });
});

describe("the campaign page's close and cancel buttons", () => {
  it("accept only their own intents", () => {
    const form = new FormData();
    form.append("intent", "delete");
    expect(wordMessage(parseWithZod(form, { schema: CampaignStopForm }).reply().error!.intent![0], "en")).toMatch(/Close survey or Cancel campaign/);
    const close = new FormData();
    close.append("intent", "close");
    expect(parseWithZod(close, { schema: CampaignStopForm })).toMatchObject({ status: "success", value: { intent: "close" } });
  });
});
