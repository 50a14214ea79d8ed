import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { E2E_COMMUNITY, countEmails, waitForEmail } from "./fixtures";
import { expectAccessible, signInStaff } from "./helpers";

const SCREENS = "test-results/screens";

/** Signs a contact in with the emailed link, starting from the page they wanted; returns on that page. */
async function signInContact(page: Page, email: string, wanted: string) {
  await page.goto(wanted);
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  const seen = await countEmails(email, /sign-in link|ログイン/i);
  await page.locator("input[name=email]").fill(email);
  await page
    .locator("form")
    .filter({ has: page.locator("input[name=email]") })
    .locator("button[type=submit]")
    .click();
  const delivered = await waitForEmail(email, /sign-in link|ログイン/i, 15_000, seen);
  const link = delivered.text.match(/https?:\/\/\S+\/login\/[A-Za-z0-9_-]{43}\S*/)?.[0];
  expect(link, "the email carries the sign-in link").toBeTruthy();
  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await page.locator("main form button[type=submit]").first().click();
  await acceptGuidelinesIfAsked(page);
}

/** A member who has not accepted the community guidelines reads them first, then comes back. */
async function acceptGuidelinesIfAsked(page: Page) {
  if (!new URL(page.url()).pathname.startsWith("/community/welcome")) return;
  await page.locator("main form button[type=submit]").last().click();
}

/**
 * axe runs in the page, so a JavaScript-off page is checked by a twin with scripts on: the same
 * sign-in (its cookies) opening the same URL.
 */
async function expectAccessibleTwin(browser: Browser, of: BrowserContext, url: string, locale: string) {
  const twin = await browser.newContext({ locale, storageState: await of.storageState() });
  const page = await twin.newPage();
  await page.goto(url);
  await expectAccessible(page);
  await twin.close();
}

/** A browser with JavaScript off: the community must be readable and postable as plain HTML. */
async function noScript(browser: Browser, locale: string): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: false, locale });
}

test("a member asks in Japanese with JS off, another answers, the asker accepts and the answer shows under the question", async ({ browser }) => {
  const title = `請求書のPDFをまとめてダウンロードする方法はありますか ${Date.now()}`;
  const answer = "請求書一覧で対象を選び、「一括ダウンロード」を押してください。";

  // The asker, in Japanese, JavaScript off.
  const askerContext = await noScript(browser, "ja-JP");
  const asker = await askerContext.newPage();
  await signInContact(asker, E2E_COMMUNITY.asker.email, "/community/new?category=questions");
  await expect(asker).toHaveURL(/\/community\/new\?category=questions/);
  await expect(asker.locator("html")).toHaveAttribute("lang", "ja");
  await expect(asker.getByLabel("カテゴリ")).toHaveValue("questions");
  // Staff-only categories are not offered to customers.
  await expect(asker.locator("select[name=category] option[value=announcements]")).toHaveCount(0);
  await expectAccessibleTwin(browser, askerContext, asker.url(), "ja-JP");

  // Bad input: a clear 4xx beside the field, nothing published.
  await asker.getByLabel("タイトル").fill("短い");
  await asker.getByLabel("詳細").fill("本文");
  await asker.screenshot({ path: `${SCREENS}/new-topic.png`, fullPage: true });
  await asker.getByRole("button", { name: "投稿" }).click();
  await expect(asker.getByLabel("タイトル")).toHaveAttribute("aria-invalid", "true");
  await expect(asker.locator("#topic-title-error")).toContainText("文字");

  // The preview step shows the rendered post and the form again.
  await asker.getByLabel("タイトル").fill(title);
  await asker.getByLabel("詳細").fill("毎月の請求書を**まとめて**保存したいです。\n\n- 12か月分\n- PDF 形式");
  await asker.getByRole("button", { name: "プレビュー" }).click();
  await expect(asker.getByRole("heading", { name: title })).toBeVisible();
  await expect(asker.locator(".preview-card strong")).toHaveText("まとめて");
  await asker.screenshot({ path: `${SCREENS}/new-topic-preview.png`, fullPage: true });
  await asker.getByRole("button", { name: "投稿" }).click();
  await expect(asker).toHaveURL(/\/community\/t\/\d+\/pdf-\d+$/);
  await expect(asker.getByRole("heading", { level: 1 })).toHaveText(title);
  const topicPath = new URL(asker.url()).pathname;

  // Another member answers, in English, JavaScript off.
  const answererContext = await noScript(browser, "en-US");
  const answerer = await answererContext.newPage();
  await signInContact(answerer, E2E_COMMUNITY.answerer.email, topicPath);
  await expect(answerer).toHaveURL(new RegExp(`${topicPath}$`));
  await answerer.getByLabel("Reply", { exact: true }).fill(answer);
  await answerer.getByRole("button", { name: "Post reply" }).click();
  await expect(answerer).toHaveURL(new RegExp(`${topicPath}#post-2$`));
  await expect(answerer.locator("#post-2")).toContainText(answer);
  // The answerer cannot accept: only the asker or staff may.
  await expect(answerer.getByRole("button", { name: "Accept as the answer" })).toHaveCount(0);
  // A flag needs a reason; with one, the moderators are told and the member is thanked.
  await answerer.locator("#post-1").getByRole("link", { name: "Flag" }).click();
  await expect(answerer.getByRole("heading", { name: "Flag post #1 for a moderator" })).toBeVisible();
  const noReason = await answerer.request.post(topicPath, { form: { intent: "flag", postId: "0" }, maxRedirects: 0 });
  expect(noReason.status()).toBe(400);
  await answerer.getByRole("radio", { name: /Off topic/ }).check();
  await answerer.getByRole("button", { name: "Send the flag" }).click();
  await expect(answerer.getByRole("status")).toContainText("the moderators will look at post #1");
  await expect(answerer.locator("#post-2").getByRole("link", { name: "Flag" })).toHaveCount(0);

  // The asker accepts the answer; it shows right under the question.
  await asker.goto(topicPath);
  await asker.locator("#post-2").getByRole("button", { name: "ベストアンサーに選ぶ" }).click();
  await expect(asker).toHaveURL(new RegExp(`${topicPath}#accepted-answer$`));
  const posts = asker.locator(".topic-posts > li > article");
  await expect(posts.nth(0)).toHaveAttribute("id", "post-1");
  await expect(posts.nth(1)).toHaveAttribute("id", "accepted-answer");
  await expect(posts.nth(1)).toContainText("ベストアンサー");
  await expect(posts.nth(1)).toContainText(answer);
  await expect(asker.locator(".topic-header")).toContainText("解決済み");
  await expectAccessibleTwin(browser, askerContext, topicPath, "ja-JP");
  await asker.screenshot({ path: `${SCREENS}/topic.png`, fullPage: true });

  // A wrong slug answers 301 to the canonical URL.
  const id = topicPath.split("/")[3];
  for (const outdated of [`/community/t/${id}/not-the-slug`, `/community/t/${id}`]) {
    const answer301 = await asker.request.get(outdated, { maxRedirects: 0 });
    expect(answer301.status()).toBe(301);
    expect(answer301.headers().location).toBe(topicPath);
  }

  // Home: the question is listed as solved under Latest, and left out of Unsolved.
  await asker.goto("/community");
  const row = asker.locator(".topic-row").filter({ hasText: title });
  await expect(row).toContainText("解決済み");
  await expect(row).toContainText("返信 1件");
  await expectAccessibleTwin(browser, askerContext, "/community", "ja-JP");
  await asker.screenshot({ path: `${SCREENS}/home.png`, fullPage: true });
  await asker.goto("/community?tab=unsolved");
  await expect(asker.locator(".topic-row").filter({ hasText: title })).toHaveCount(0);
  await asker.goto("/community/c/questions?solved=yes");
  await expect(asker.locator(".topic-row").filter({ hasText: title })).toHaveCount(1);
  await expectAccessibleTwin(browser, askerContext, "/community/c/questions?solved=yes", "ja-JP");

  // On a phone: the topic reads without sideways scrolling.
  const phone = await browser.newContext({
    viewport: { width: 375, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: "ja-JP",
    storageState: await askerContext.storageState(),
  });
  const phonePage = await phone.newPage();
  await phonePage.goto(topicPath);
  await expect(phonePage.locator("#accepted-answer")).toBeVisible();
  expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectAccessible(phonePage);
  await phonePage.screenshot({ path: `${SCREENS}/topic-phone.png`, fullPage: true });

  await phone.close();
  await askerContext.close();
  await answererContext.close();
});

test("signed-out visitors are sent to sign in and back", async ({ page }) => {
  await page.goto("/community/c/questions");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fcommunity%2Fc%2Fquestions$/);
});

test("a reply draft survives a reload and is forgotten once posted", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signInContact(page, E2E_COMMUNITY.answerer.email, "/community/new");
  await expectAccessible(page);
  const draft = `A draft kept on this device ${Date.now()}`;
  await page.getByLabel("Title").fill("Does the draft come back?");
  await page.getByLabel("Details").fill(draft);
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByLabel("Details")).toHaveValue(draft);
  await expect(page.getByLabel("Title")).toHaveValue("Does the draft come back?");
  await page.getByLabel("Category").selectOption("tips");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("heading", { name: "Does the draft come back?" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/community\/t\/\d+\/does-the-draft-come-back$/);
  await page.goto("/community/new");
  await expect(page.getByLabel("Details")).toHaveValue("");
  await context.close();
});

test("a member edits their profile; their profile and the portal home show their community activity", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signInContact(page, E2E_COMMUNITY.answerer.email, "/community/profile");
  await expectAccessible(page);
  // Bad input: a clear 400 beside the field, nothing saved.
  await page.getByLabel("Display name").fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Display name")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Display name").fill("Olivia B.");
  await page.getByLabel("Title", { exact: true }).fill("Billing lead");
  await page.getByLabel("Show my company beside my name").uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Your profile is saved.");

  await page.getByRole("link", { name: "My profile" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Olivia B.");
  await expect(page.locator("main")).toContainText("Billing lead");
  await expect(page.locator("main")).not.toContainText(E2E_COMMUNITY.account.name);
  await expect(page.locator("main")).toContainText("Customer since");
  await expectAccessible(page);

  const tip = `Export invoices every month with one saved filter ${Date.now()}`;
  await page.goto("/community/new?category=tips");
  await page.getByLabel("Title").fill(tip);
  await page.getByLabel("Details").fill("Save the filter once, then export from it.");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(tip);

  await page.goto("/portal");
  await expect(page.getByRole("heading", { name: "Recent in the community" })).toBeVisible();
  await expect(page.locator(".portal-activity .topic-row").filter({ hasText: tip })).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Coming soon: Surveys");
  await expect(page.locator(".tile.is-upcoming")).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENS}/portal-home.png`, fullPage: true });
  await context.close();
});

test("an author likes, edits and deletes with plain forms; staff see the edit history and a team badge", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US", javaScriptEnabled: false });
  const page = await context.newPage();
  await signInContact(page, E2E_COMMUNITY.answerer.email, "/community/new?category=tips");
  const title = `Keyboard shortcuts worth knowing ${Date.now()}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Details").fill("Press **g** then **r** for responses.");
  await page.getByRole("button", { name: "Publish" }).click();
  const topicPath = new URL(page.url()).pathname;

  // Edit the opening post: title and body, on an edit step of the same page.
  await page.locator("#post-1").getByRole("link", { name: "Edit" }).click();
  await page.getByRole("textbox", { name: "Title" }).fill(`${title} (updated)`);
  await page.getByRole("textbox", { name: "Post" }).fill("Press **g** then **r** for responses, **g** then **c** for cases.");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${title} (updated)`);
  await expect(page.locator("#post-1")).toContainText("edited");
  await expect(page.locator("#post-1")).toContainText("for cases");
  // Members do not see the history.
  await expect(page.locator("#post-1").getByRole("link", { name: "History" })).toHaveCount(0);

  // A reply to delete: the confirm step, then it is gone for everyone.
  await page.getByLabel("Reply", { exact: true }).fill("A reply I take back.");
  await page.getByRole("button", { name: "Post reply" }).click();
  await page.locator("#post-2").getByRole("link", { name: "Delete" }).click();
  await expect(page.getByRole("heading", { name: "Delete post #2?" })).toBeVisible();
  await page
    .locator("form")
    .filter({ has: page.locator("input[name=intent][value=delete]") })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(page.locator("main")).not.toContainText("A reply I take back.");

  // Staff: the team badge on their reply, the history of an edited post, and a like.
  const staffContext = await browser.newContext({ locale: "en-US" });
  const staff = await staffContext.newPage();
  await signInStaff(staff, "csm");
  await staff.goto(topicPath);
  await staff.locator("#post-1").getByRole("button", { name: "Like" }).click();
  await expect(staff.locator("#post-1")).toContainText("1 like");
  await staff.locator("#post-1").getByRole("link", { name: "History" }).click();
  await expect(staff.getByRole("heading", { name: "Earlier versions of post #1" })).toBeVisible();
  await expect(staff.locator(".revision").first()).toContainText("for responses.");
  await expectAccessible(staff);
  await staff.getByLabel("Reply", { exact: true }).fill("Thanks for sharing!");
  await staff.getByRole("button", { name: "Post reply" }).click();
  await expect(staff.locator("article").filter({ hasText: "Thanks for sharing!" }).locator(".team-badge")).toHaveText("Team");
  await staffContext.close();
  await context.close();
});
