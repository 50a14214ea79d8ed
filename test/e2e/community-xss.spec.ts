import { expect, test } from "@playwright/test";
import { withTripwire, XSS_PAYLOADS } from "../fixtures/xss-payloads";
import { collectCspViolations, signInStaff } from "./helpers";

/*
 * The XSS corpus the renderer's unit test checks, posted through the real new-topic form and
 * read back in Chromium: every payload's `alert(1)` is a tripwire (`__xss()`), so script that
 * runs is caught whether or not it opens a dialog; dialogs are caught too, and the rendered
 * posts hold no script, no event handler and no javascript: or data: link.
 */

const PER_TOPIC = 10;

test("the XSS corpus posted through the new-topic form runs nothing when the topics are read", async ({ page }) => {
  test.setTimeout(240_000);
  const ran: string[] = [];
  await page.exposeFunction("__xssReport", (where: string) => ran.push(where));
  await page.addInitScript(() => {
    (window as unknown as { __xss: () => void }).__xss = () =>
      (window as unknown as { __xssReport: (where: string) => void }).__xssReport(`script ran on ${location.pathname}`);
  });
  page.on("dialog", async (dialog) => {
    ran.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  const violations = await collectCspViolations(page);
  await signInStaff(page, "admin");

  const topics: string[] = [];
  for (let start = 0; start < XSS_PAYLOADS.length; start += PER_TOPIC) {
    const chunk = XSS_PAYLOADS.slice(start, start + PER_TOPIC);
    await page.goto("/community/new?category=tips");
    await page.getByLabel("Title").fill(`XSS corpus ${start + 1}–${start + chunk.length}`);
    await page.getByLabel("Details").fill(chunk.map((payload) => withTripwire(payload.source)).join("\n\n---\n\n"));
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page).toHaveURL(/\/community\/t\/\d+\//);
    topics.push(new URL(page.url()).pathname);
  }
  expect(topics).toHaveLength(Math.ceil(XSS_PAYLOADS.length / PER_TOPIC));

  for (const path of topics) {
    await page.goto(path);
    await expect(page.locator("article.post")).toHaveCount(1);
    const body = page.locator("article.post .post-body");
    // What a payload would need to run: none of it survives in the page.
    expect(await body.locator("script, iframe, object, embed, svg, math, form, style, base, meta, link").count(), path).toBe(0);
    const unsafe = await body.evaluate((root) =>
      [...root.querySelectorAll("*")].flatMap((element) =>
        [...element.attributes]
          .filter(
            (attribute) =>
              /^on/i.test(attribute.name) || attribute.name === "style" || /^\s*(javascript|vbscript|data):/i.test(attribute.value.replace(/\s/g, "")),
          )
          .map((attribute) => `<${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value}">`),
      ),
    );
    expect(unsafe, path).toEqual([]);
    // Links a reader might click go only to http(s), mailto or this site.
    for (const href of await body.locator("a[href]").evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href))) {
      expect(href, path).toMatch(/^(https?:|mailto:)/);
    }
    // Give lazy images and their error handlers a moment.
    await page.waitForTimeout(300);
  }
  expect(ran).toEqual([]);
  expect(violations.filter((violation) => /script/i.test(violation))).toEqual([]);
});
