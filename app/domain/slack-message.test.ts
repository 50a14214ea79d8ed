import { describe, expect, it } from "vitest";
import { detractorSlackMessage, escapeSlackText, slackOutcome, slackTestMessage, type DetractorSlackAlert } from "./slack-message";

const alert: DetractorSlackAlert = {
  score: 3,
  comment: "Exports time out <!channel> & support is slow.\nPlease fix",
  contactName: "Hanako Sato",
  contactEmail: "hanako@example.co.jp",
  accountName: "Sakura & Sons <Logistics>",
  acv: "¥3,600,000",
  segment: "high",
  renewalDate: "2026-06-30",
  consoleUrl: "https://kizuna.example/cs/cases/12",
  linkLabel: "Open the case",
};

describe("escapeSlackText", () => {
  it("escapes the three characters Slack's mrkdwn reads as control", () => {
    expect(escapeSlackText("a & b <@U123> <!here> c > d")).toBe("a &amp; b &lt;@U123&gt; &lt;!here&gt; c &gt; d");
    expect(escapeSlackText("日本語 *bold*")).toBe("日本語 *bold*");
  });
});

describe("detractorSlackMessage", () => {
  it("shows score, contact, account, ACV, segment, renewal and the comment, escaped, with a console link", () => {
    const message = detractorSlackMessage(alert);
    const json = JSON.stringify(message);
    expect(message.text).toBe("Detractor at Sakura &amp; Sons &lt;Logistics&gt;: scored 3");
    expect(json).not.toContain("<!channel>");
    expect(json).toContain("&lt;!channel&gt;");
    const fields = message.blocks.find((b) => b.type === "section" && "fields" in b && b.fields)!;
    expect(fields).toMatchObject({
      fields: [
        { text: "*Score*\n3 / 10" },
        { text: "*Contact*\nHanako Sato &lt;hanako@example.co.jp&gt;" },
        { text: "*Account*\nSakura &amp; Sons &lt;Logistics&gt;" },
        { text: "*ACV*\n¥3,600,000" },
        { text: "*Segment*\nHigh touch" },
        { text: "*Renewal*\n2026-06-30" },
      ],
    });
    expect(message.blocks).toContainEqual({
      type: "section",
      text: { type: "mrkdwn", text: ">Exports time out &lt;!channel&gt; &amp; support is slow.\n>Please fix" },
    });
    expect(message.blocks.at(-1)).toEqual({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Open the case" }, url: alert.consoleUrl, action_id: "open-in-kizuna" }],
    });
    // The header is plain text: Slack shows it as typed, so it is not escaped.
    expect(message.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Detractor at Sakura & Sons <Logistics>: 3/10", emoji: false } });
  });

  it("says so when there is no comment or renewal date, and keeps within Slack's limits", () => {
    const message = detractorSlackMessage({ ...alert, comment: "  ", renewalDate: null, contactName: null, accountName: "A".repeat(400) });
    const json = JSON.stringify(message);
    expect(json).toContain("_No comment was left._");
    expect(json).toContain("*Renewal*\\nnot known");
    expect(json).toContain("*Contact*\\nhanako@example.co.jp");
    const header = message.blocks[0];
    expect(header.type === "header" && Array.from(header.text.text).length).toBe(150);
    const long = detractorSlackMessage({ ...alert, comment: "<".repeat(5000) });
    const commentBlock = long.blocks[2];
    expect(commentBlock.type === "section" && commentBlock.text!.text.length).toBeLessThanOrEqual(3000);
    expect(commentBlock.type === "section" && commentBlock.text!.text).toMatch(/^>(&lt;)+…$/);
    const longField = detractorSlackMessage({ ...alert, accountName: "&".repeat(3000) }).blocks[1];
    expect(longField.type === "section" && longField.fields!.every((f) => f.text.length <= 2000)).toBe(true);
  });
});

describe("slackTestMessage", () => {
  it("names who asked, escaped", () => {
    expect(slackTestMessage("Aiko <admin>").text).toContain("Test sent by Aiko &lt;admin&gt;");
  });
});

describe("slackOutcome", () => {
  it("retries 429 and 5xx, gives up on other 4xx", () => {
    expect([200, 204].map(slackOutcome)).toEqual(["delivered", "delivered"]);
    expect([429, 500, 503].map(slackOutcome)).toEqual(["retry", "retry", "retry"]);
    expect([400, 403, 404, 410, 301].map(slackOutcome)).toEqual(["rejected", "rejected", "rejected", "rejected", "rejected"]);
  });
});
