import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_CONTACTS, waitForEmail } from "./fixtures";
import { signInStaff } from "./helpers";

/*
 * Cross-site request forgery, as an attacker would try it: a state-changing POST that carries
 * the victim's cookies but comes from another origin. The request context below shares the
 * signed-in page's cookies and sets the headers a forged form would carry, so the server's
 * Origin check (not only the browser's SameSite rule) is what stops it.
 */
const EVIL = "https://evil.example";
const REFUSED = /Cross-origin request refused/;

async function post(request: APIRequestContext, path: string, form: Record<string, string>, headers: Record<string, string>) {
  return request.post(path, { form, headers, maxRedirects: 0 });
}

async function expectSignedInToConsole(page: Page) {
  await page.goto("/cs");
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
}

test("a forged console action is refused and writes nothing; the same post from the app works", async ({ page, baseURL }) => {
  await signInStaff(page, "admin");
  const user = (email: string) => ({ email, name: "Forged", role: "admin", password: "long-enough-password-1" });

  const forgeries: Record<string, string>[] = [{ Origin: EVIL }, { Referer: `${EVIL}/innocent-page` }, { Origin: "null" }];
  for (const headers of forgeries) {
    const forged = await post(page.request, "/cs/users", user("forged@e2e.test"), headers);
    expect(forged.status(), JSON.stringify(headers)).toBe(403);
    expect(await forged.text()).toMatch(REFUSED);
  }
  await page.goto("/cs/users");
  await expect(page.getByText("forged@e2e.test")).toHaveCount(0);

  const genuine = await post(page.request, "/cs/users", user("genuine-origin@e2e.test"), { Origin: baseURL! });
  expect(genuine.status()).toBe(302);
  // No Origin and no Referer (an old browser, a privacy extension): allowed, SameSite guards the cookie.
  const bare = await post(page.request, "/cs/users", user("genuine-bare@e2e.test"), {});
  expect(bare.status()).toBe(302);
  await page.goto("/cs/users");
  await expect(page.getByText("genuine-origin@e2e.test")).toBeVisible();
  await expect(page.getByText("genuine-bare@e2e.test")).toBeVisible();
});

test("a forged sign-out of the console is refused; the console's own sign-out works", async ({ page, baseURL }) => {
  await signInStaff(page, "csm");
  const forged = await post(page.request, "/cs/logout", {}, { Origin: EVIL });
  expect(forged.status()).toBe(403);
  expect(forged.headers()["set-cookie"]).toBeUndefined();
  await expectSignedInToConsole(page);

  const viaReferer = await post(page.request, "/cs/logout", {}, { Referer: `${EVIL}/` });
  expect(viaReferer.status()).toBe(403);
  await expectSignedInToConsole(page);

  const genuine = await post(page.request, "/cs/logout", {}, { Origin: baseURL!, Referer: `${baseURL}/cs` });
  expect(genuine.status()).toBe(302);
  await page.goto("/cs");
  await expect(page).toHaveURL(/\/cs\/login/);
});

test("a page on another site that auto-submits a sign-out form gets a 403 and the session stays", async ({ page, baseURL }) => {
  await signInStaff(page, "viewer");
  await page.route(`${EVIL}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><form id="f" method="post" action="${baseURL}/cs/logout"></form><script>document.getElementById("f").submit()</script>`,
    }),
  );
  const refused = page.waitForResponse((response) => response.url() === `${baseURL}/cs/logout`);
  await page.goto(`${EVIL}/win-a-prize`);
  expect((await refused).status()).toBe(403);
  await expect(page.getByText(REFUSED)).toBeVisible();
  await expectSignedInToConsole(page);
});

test("a forged language switch is refused and sets no cookie; the switcher itself works", async ({ page, baseURL }) => {
  const forged = await post(page.request, "/language", { lng: "ja", redirectTo: "/login" }, { Origin: EVIL });
  expect(forged.status()).toBe(403);
  expect(forged.headers()["set-cookie"]).toBeUndefined();

  const genuine = await post(page.request, "/language", { lng: "ja", redirectTo: "/login" }, { Origin: baseURL! });
  expect(genuine.status()).toBe(302);
  expect(genuine.headers()["set-cookie"]).toMatch(/kizuna_lng=/);
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("a forged customer sign-out is refused; the portal's own sign-out works", async ({ page, baseURL }) => {
  const contact = E2E_CONTACTS.en;
  await page.goto("/login");
  await page.getByLabel(/email/i).fill(contact.email);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  await expect(page.getByRole("heading", { name: /check your email/i })).toBeVisible();
  const email = await waitForEmail(contact.email, /sign/i);
  const link = email.text.match(/https?:\/\/\S+\/login\/[A-Za-z0-9_-]{43}/)![0];
  await page.goto(new URL(link).pathname);
  await page.getByRole("button", { name: /continue|sign in as/i }).click();
  await expect(page).toHaveURL(/\/portal$/);

  const forged = await post(page.request, "/logout", {}, { Origin: EVIL });
  expect(forged.status()).toBe(403);
  await page.goto("/portal");
  await expect(page).toHaveURL(/\/portal$/);

  const genuine = await post(page.request, "/logout", {}, { Origin: baseURL! });
  expect(genuine.status()).toBe(302);
  await page.goto("/portal");
  await expect(page).toHaveURL(/\/login/);
});

test("the check sits in front of the answer fast path, and the API and webhooks are exempt", async ({ request, baseURL }) => {
  const answer = `/s/${"x".repeat(43)}`;
  expect((await post(request, answer, { score: "9" }, { Origin: EVIL })).status()).toBe(403);
  expect((await post(request, answer, { score: "9" }, { Origin: baseURL! })).status()).not.toBe(403);

  // The API answers for itself (no key: 401), whatever the Origin.
  const api = await request.post("/api/v1/campaigns", { data: {}, headers: { Origin: EVIL } });
  expect(api.status()).toBe(401);
  const webhook = await request.post("/webhooks/resend", { data: {}, headers: { Origin: EVIL } });
  expect(webhook.status()).not.toBe(403);
});
