import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { E2E_STAFF } from "./fixtures";

export async function signInStaff(page: Page, role: keyof typeof E2E_STAFF) {
  const user = E2E_STAFF[role];
  await page.goto("/cs/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
}

/** A field's refusal sits beside it: the control is marked invalid and names its message. */
export async function expectFieldError(page: Page, label: string, message: RegExp) {
  const control = page.getByLabel(label, { exact: true });
  await expect(control).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await control.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(describedBy.split(" ").map((id) => page.locator(`[id="${id}"]`).textContent()));
  expect(texts.join(" ")).toMatch(message);
}

/** Fails with the list of WCAG A/AA violations axe finds on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary).toEqual([]);
}

/**
 * Collects the Content-Security-Policy violations the page reports from now on (the
 * `securitypolicyviolation` event, and Chromium's console message for a refused resource).
 */
export async function collectCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (/Content Security Policy|CSP violation/i.test(text)) violations.push(`${page.url()}: ${text}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} refused ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return violations;
}

/**
 * Latin words left in a page's main content (its text, aria-label/title/placeholder attributes and
 * select options), outside emails, the E2E staff names and `allowed`; `exclude` lists selectors of
 * elements left out first. A Japanese page should leave none.
 */
export async function latinWordsLeft(page: Page, allowed: ReadonlySet<string>, exclude: string[] = []): Promise<string[]> {
  const text = await page.locator("main").evaluate((main, skip) => {
    const clone = main.cloneNode(true) as HTMLElement;
    // Text marked not to translate (people's names, handles) is data, whatever else the caller skips.
    for (const selector of ["[translate='no']", ...skip]) for (const element of clone.querySelectorAll(selector)) element.remove();
    const attributes = [...clone.querySelectorAll("[aria-label],[title],[placeholder]")].flatMap((element) =>
      ["aria-label", "title", "placeholder"].map((name) => element.getAttribute(name) ?? ""),
    );
    const options = [...clone.querySelectorAll("option")].map((option) => option.textContent ?? "");
    for (const select of clone.querySelectorAll("select")) select.remove();
    return [clone.innerText, ...attributes, ...options].join("\n");
  }, exclude);
  const withoutData = text.replace(/E2E (admin|csm|viewer)/g, " ").replace(/[\w.+-]+@[\w.-]+/g, " ");
  return (withoutData.match(/[A-Za-z][A-Za-z']+/g) ?? []).filter((word) => !allowed.has(word));
}

/**
 * Every spec asks for customer sign-in links from the one address the browser has (127.0.0.1),
 * so a full run passes the per-address limit of 20 in 15 minutes that guards real sign-ins.
 * A spec about to ask for one forgets that address's count (and nothing else).
 */
export function forgetSignInLinkCountsOfThisMachine() {
  const sqlite = new Database(process.env.E2E_DATABASE_PATH!);
  try {
    sqlite.prepare("DELETE FROM rate_limits WHERE key LIKE 'magic-link:ip:%'").run();
  } finally {
    sqlite.close();
  }
}
