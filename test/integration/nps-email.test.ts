import { describe, expect, it } from "vitest";
import { DEFAULT_SURVEY } from "../../app/domain/survey";
import { personalizeInvitation, renderInvitationTemplates } from "../../app/services/nps-email.server";
import { fillLinks } from "../../app/utils/email-links.server";
import { renderEmail } from "../../app/utils/email.server";
import { env } from "../../app/utils/env.server";
import { invitationTokens } from "../../app/utils/invitation-tokens.server";
import { writtenOut as written } from "../factories/outbox";

const campaign = { id: 42, name: "Spring wave", survey: DEFAULT_SURVEY };
let nextContact = 1;
const recipient = () => ({ contactId: nextContact++, name: "Sam Carter" });
/** The email as the worker sends it, its link slots filled with the recipient's tokens. */
const sent = <T extends Parameters<typeof fillLinks>[0] & { links: Parameters<typeof fillLinks>[1] }>(email: T) => fillLinks(email, email.links);

describe("NPS invitation email", () => {
  it("has eleven labelled score links, the anchors, a hidden honeypot and an unsubscribe link", async () => {
    const templates = await renderInvitationTemplates(campaign, "invitation");
    const person = recipient();
    const stored = written(personalizeInvitation(templates.en, person));
    const who = invitationTokens(42, person.contactId);
    const app = env().APP_URL;
    // What is written to the outbox holds slots, never the tokens.
    for (const part of [stored.html, stored.text, ...Object.values(stored.headers)]) {
      expect(part).not.toContain(who.surveyToken);
      expect(part).not.toContain(who.unsubscribeToken);
    }
    expect(stored.links).toEqual({ kind: "invitation", campaignId: 42, contactId: person.contactId });
    const email = sent(stored);

    expect(email.template).toBe("nps-invitation");
    expect(email.subject).toBe("Quick question: would you recommend Kizuna?");
    expect(email.html).toContain('lang="en"');
    expect(email.html).toContain("How likely are you to recommend Kizuna to a friend or colleague?");
    expect(email.html).toContain("Hi Sam Carter,");
    for (let score = 0; score <= 10; score++) {
      expect(email.html).toContain(`href="${app}/s/${who.surveyToken}?score=${score}"`);
      expect(email.html).toContain(`aria-label="Score ${score} of 10"`);
      expect(email.text).toContain(`${app}/s/${who.surveyToken}?score=${score}`);
    }
    expect(email.html).toContain("Not likely");
    expect(email.html).toContain("Very likely");
    expect(email.html).toContain(`href="${app}/u/${who.unsubscribeToken}"`);
    expect(email.text).toContain(`${app}/u/${who.unsubscribeToken}`);

    // The honeypot sits in a hidden, unfocusable block, and never in the text part people read.
    const honeypot = new RegExp(`<div[^>]*display:none[^>]*aria-hidden="true"[^>]*><a href="${app}/s/${who.surveyToken}/h"[^>]*tabindex="-1"`);
    expect(email.html).toMatch(honeypot);
    expect(email.text).not.toContain("/h");
    // No flexbox or grid: Outlook and Gmail drop them.
    expect(email.html).not.toMatch(/display:\s*(flex|grid)/);

    expect(email.headers).toEqual({
      "List-Unsubscribe": `<${app}/u/${who.unsubscribeToken}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    expect(email.tags).toEqual([
      { name: "campaign", value: "42" },
      { name: "kind", value: "invitation" },
    ]);
  });

  it("speaks Japanese to Japanese contacts, with the Japanese anchors", async () => {
    const templates = await renderInvitationTemplates(campaign, "invitation");
    const email = written(personalizeInvitation(templates.ja, { ...recipient(), name: "佐藤 花子" }));
    expect(email.locale).toBe("ja");
    expect(email.html).toContain('lang="ja"');
    expect(email.html).toContain("佐藤 花子 様");
    expect(email.html).toContain("Kizunaを友人や同僚に薦める可能性はどのくらいありますか？");
    expect(email.html).toContain("まったく思わない");
    expect(email.html).toContain("非常にそう思う");
    expect(email.html).toContain('aria-label="10 点中 3 点"');
    expect(email.subject).toContain("Kizuna");
    expect(email.text).not.toMatch(/How likely|Unsubscribe/);
  });

  it("reminds gently, under a different subject", async () => {
    const templates = await renderInvitationTemplates(campaign, "reminder");
    const email = written(personalizeInvitation(templates.en, recipient()));
    expect(email.template).toBe("nps-reminder");
    expect(email.subject).toBe("A gentle reminder: one click to tell us about Kizuna");
    expect(email.html).toContain("A gentle reminder");
    expect(email.tags).toContainEqual({ name: "kind", value: "reminder" });
    const invitation = await renderInvitationTemplates(campaign, "invitation");
    expect(written(personalizeInvitation(invitation.en, recipient())).html).not.toContain("A gentle reminder");
  });

  it("escapes a hostile name in the HTML, keeps it readable in the text, and greets the nameless", async () => {
    const templates = await renderInvitationTemplates(campaign, "invitation");
    const hostile = written(personalizeInvitation(templates.en, { ...recipient(), name: `<script>alert("x")</script> & $& Co` }));
    expect(hostile.html).not.toContain("<script>");
    expect(hostile.html).toContain("Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; $&amp; Co,");
    expect(hostile.text).toContain(`Hi <script>alert("x")</script> & $& Co,`);

    const nameless = written(personalizeInvitation(templates.en, { ...recipient(), name: null }));
    expect(nameless.text).toMatch(/^Hi,$/m);
    const namelessJa = written(personalizeInvitation(templates.ja, { ...recipient(), name: "  " }));
    expect(namelessJa.text).toContain("お客様へ");
  });

  it("uses the campaign's snapshot, not the current survey", async () => {
    const snapshot = { ...DEFAULT_SURVEY, productName: "Acme Cloud" };
    const templates = await renderInvitationTemplates({ ...campaign, survey: snapshot }, "invitation");
    expect(written(personalizeInvitation(templates.en, recipient())).html).toContain("How likely are you to recommend Acme Cloud");
    await expect(renderInvitationTemplates({ ...campaign, survey: null }, "invitation")).rejects.toThrow(/snapshot/);
  });

  // How fast this is belongs to the sending bench (P2), which measures it against the provider's limit.
  it("personalizes 10,000 recipients from one rendering; filled at send time, no placeholder is left", async () => {
    const templates = await renderInvitationTemplates(campaign, "invitation");
    const people = Array.from({ length: 10_000 }, (_, i) => ({ contactId: i + 1, name: i % 3 ? `Person ${i}` : null }));
    const emails = people.map((p, i) => written(personalizeInvitation(i % 2 ? templates.en : templates.ja, p)));
    const outgoing = emails.slice(0, 1_000).map((email) => sent(email));
    for (const email of [outgoing[0], outgoing[1], outgoing[999]]) {
      expect(email.html).not.toMatch(/KZ(GREETING|SURVEYTOKEN|UNSUBTOKEN)/);
      expect(email.text).not.toMatch(/KZ(GREETING|SURVEYTOKEN|UNSUBTOKEN)/);
    }
    expect(outgoing.every((email, i) => email.html.includes(`/s/${invitationTokens(42, people[i].contactId).surveyToken}?score=7`))).toBe(true);
  });

  it("renders the registered previews through renderEmail", async () => {
    for (const name of ["nps-invitation", "nps-reminder"] as const) {
      const email = await renderEmail(
        name,
        {
          greeting: "Hi,",
          productName: "Kizuna",
          question: "Q?",
          scoreUrls: Array.from({ length: 11 }, (_, n) => `https://x.example/s/t?score=${n}`),
          unsubscribeUrl: "https://x.example/u/t",
          honeypotUrl: "https://x.example/s/t/h",
        },
        "ja",
      );
      expect(email.html).toContain('lang="ja"');
    }
  });
});
