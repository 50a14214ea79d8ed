import { expect, test } from "@playwright/test";
import { collectCspViolations, signInStaff } from "./helpers";

const CUSTOMER_PAGES = [
  "/login",
  "/login?redirectTo=%2Fportal",
  // Unknown tokens: the same pages in their not-found state.
  `/login/${"A".repeat(43)}`,
  `/s/${"A".repeat(43)}`,
  `/u/${"A".repeat(43)}`,
  "/cs/login",
  "/no-such-page",
];

test("every page sends a nonce-based Content-Security-Policy, a new nonce each time, on every script it loads", async ({ page, request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const policy = first.headers()["content-security-policy"];
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("base-uri 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("form-action 'self'");
  expect(policy).not.toContain("unsafe-inline");
  expect(policy).not.toContain("unsafe-eval");
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  expect(second.headers()["content-security-policy"]).not.toContain(nonce);
  expect(first.headers()["permissions-policy"]).toContain("camera=()");
  expect(first.headers()["cross-origin-opener-policy"]).toBe("same-origin");
  // The app runs on http here: no HSTS (it is sent once APP_URL is https).
  expect(first.headers()["strict-transport-security"]).toBeUndefined();

  // A console page loads the client scripts: each carries this response's nonce.
  await signInStaff(page, "viewer");
  const response = await page.goto("/cs");
  const consoleNonce = /'nonce-([^']+)'/.exec(response!.headers()["content-security-policy"])?.[1];
  const html = await response!.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${consoleNonce}"`);
});

test("the pages a customer opens from an email load no client scripts", async ({ page }) => {
  for (const path of ["/login", `/login/${"A".repeat(43)}`, `/s/${"A".repeat(43)}`, `/u/${"A".repeat(43)}`]) {
    const response = await page.goto(path);
    const html = await response!.text();
    expect(html, path).not.toMatch(/<script\b[^>]*\bsrc=|modulepreload/);
  }
});

// The admin's pages are walked by console-hydration.spec.ts, which fails on these violations too
// (staff sign-ins are rate-limited per address, so each spec signs in as few times as it can).
test("no customer page, and no console page a CSM reaches, reports a CSP violation in Chromium", async ({ page }) => {
  const violations = await collectCspViolations(page);
  for (const path of CUSTOMER_PAGES) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  await signInStaff(page, "csm");
  // Every console page in the navigation, and the first detail page of each list.
  const pages = await page
    .getByRole("navigation", { name: "Console" })
    .locator("a[href^='/cs']")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  expect(pages.length).toBeGreaterThan(5);
  for (const path of new Set(pages)) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const detail = await page
      .locator("main a[href]")
      .evaluateAll((links, list) => links.map((a) => a.getAttribute("href")).find((h) => h && new RegExp(`^${list}/\\d+$`).test(h)), path);
    if (detail) {
      await page.goto(detail);
      await page.waitForLoadState("networkidle");
    }
  }
  // And a client-side navigation, which loads route modules and the route manifest.
  await page.goto("/cs");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Responses" }).first().click();
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
});
