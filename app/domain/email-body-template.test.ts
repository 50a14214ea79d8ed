import { describe, expect, it } from "vitest";
import { escapeHtml, fillBodyTemplate } from "./email-body-template";

describe("fillBodyTemplate", () => {
  const template = { html: "<p>KZGREETING0000</p><p>Again: KZGREETING0000</p>", text: "KZGREETING0000\n\nThanks" };

  it("puts the value in every slot of both parts, escaped in the HTML only", () => {
    const body = fillBodyTemplate(template, { KZGREETING0000: `Dear O'Brien & <Co>,` });
    expect(body.html).toBe("<p>Dear O&#x27;Brien &amp; &lt;Co&gt;,</p><p>Again: Dear O&#x27;Brien &amp; &lt;Co&gt;,</p>");
    expect(body.text).toBe("Dear O'Brien & <Co>,\n\nThanks");
  });

  it("reads a dollar sign in a name as a dollar sign, not a replacement pattern", () => {
    expect(fillBodyTemplate(template, { KZGREETING0000: "Dear $& $1 $$," }).text).toBe("Dear $& $1 $$,\n\nThanks");
  });

  it("leaves a body without values as it is", () => {
    expect(fillBodyTemplate(template, {})).toEqual(template);
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that can end an attribute or open a tag", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;");
  });
});
