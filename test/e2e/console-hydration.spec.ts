import { expect, test } from "@playwright/test";
import { collectCspViolations, signInStaff } from "./helpers";

/*
 * Every console page loads its script in the browser without an error. A page that uses, while
 * rendering, something exported by a `.server` module (empty in the client bundle) still renders
 * on the server and works without JS, so only the browser shows it: it throws while hydrating.
 */
const PAGES = [
  "/cs",
  "/cs/responses",
  "/cs/responses/untagged",
  "/cs/tags",
  "/cs/cases",
  "/cs/accounts",
  "/cs/contacts",
  "/cs/campaigns",
  "/cs/campaigns/new",
  "/cs/import",
  "/cs/settings",
  "/cs/settings/close-the-loop",
  "/cs/settings/alerts",
  "/cs/settings/promoter-asks",
  "/cs/settings/currency",
  "/cs/survey",
  "/cs/users",
  "/cs/api-keys",
  "/cs/audit",
  "/cs/outbox",
  "/cs/profile",
];

test("every console page hydrates without a script error or a CSP violation", async ({ page }) => {
  const violations = await collectCspViolations(page);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    // The outbox preview frame is sandboxed without scripts on purpose; Chromium reports that it kept them out.
    const sandboxAtWork = /^Blocked script execution in '[^']*\/cs\/outbox\/\d+\/preview' because the document's frame is sandboxed/.test(message.text());
    if (message.type() === "error" && !sandboxAtWork) errors.push(`${page.url()}: ${message.text()}`);
  });
  await signInStaff(page, "admin");
  for (const path of PAGES) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // Detail pages, reached as a person would: the first of each list, when there is one.
  for (const [list, link] of [
    ["/cs/accounts", /^\/cs\/accounts\/\d+$/],
    ["/cs/responses", /^\/cs\/responses\/\d+$/],
    ["/cs/users", /^\/cs\/users\/\d+$/],
    ["/cs/outbox", /^\/cs\/outbox\/\d+$/],
  ] as const) {
    await page.goto(list);
    const href = await page
      .locator("main a[href]")
      .evaluateAll((links, pattern) => links.map((a) => a.getAttribute("href")).find((h) => h && new RegExp(pattern).test(h)), link.source);
    if (href) {
      await page.goto(href);
      await page.waitForLoadState("networkidle");
    }
  }
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});
