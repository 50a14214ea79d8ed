import { expect, test, type Page } from "@playwright/test";
import { E2E_COMMUNITY, countEmails, waitForEmail } from "./fixtures";
import { expectAccessible, signInStaff, forgetSignInLinkCountsOfThisMachine } from "./helpers";

const SCREENS = "test-results/screens";

/** Signs a contact in with the emailed link, starting from the page they wanted. */
async function signInContact(page: Page, email: string, wanted: string) {
  forgetSignInLinkCountsOfThisMachine();
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
  if (new URL(page.url()).pathname.startsWith("/community/welcome")) await page.locator("main form button[type=submit]").last().click();
}

test("a member drafts a story, staff comment, the member edits, staff publish with consent, it is listed; a revoked consent takes it down", async ({
  browser,
}) => {
  const title = `Weekly exports that finance trusts ${Date.now()}`;
  const company = E2E_COMMUNITY.account.name;

  // The member writes and sends it for review (plain HTML: JavaScript off).
  const memberContext = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
  const member = await memberContext.newPage();
  // (The sign-in link carries where to go back to; the teardown's log check reads a long one as a token.)
  await signInContact(member, E2E_COMMUNITY.answerer.email, "/community/stories");
  await member.getByRole("link", { name: "Share your story" }).click();
  await expect(member).toHaveURL(/\/community\/stories\/new$/);
  await member.getByLabel("Title").fill(title);
  await member.getByLabel("Industry").fill("Accounting");
  await member.getByLabel("Product area (optional)").fill("Exports");
  await member.getByLabel("The challenge").fill("Finance rebuilt the **same report** by hand every Monday.");
  await member.getByLabel("What you did").fill("We scheduled a weekly export and shared it with the finance team.");
  // Results without numbers are refused beside the field, and nothing is saved.
  await member.locator("textarea[name=results]").fill("Much better.");
  await member.getByRole("button", { name: "Send for review" }).click();
  await expect(member.locator("textarea[name=results]")).toHaveAttribute("aria-invalid", "true");
  await member.locator("textarea[name=results]").fill("Monday reporting went from 3 hours to 10 minutes.");
  await member.getByRole("button", { name: "Send for review" }).click();
  await expect(member).toHaveURL(/\/community\/stories\/\d+\?done=submitted$/);
  const storyPath = new URL(member.url()).pathname;
  await expect(member.getByText("The team is reviewing this story.")).toBeVisible();

  // Staff comment and send it back.
  const staffContext = await browser.newContext({ locale: "en-US" });
  const staff = await staffContext.newPage();
  await signInStaff(staff, "csm");
  await staff.goto("/cs/community/stories?status=in_review");
  await expect(staff.getByRole("heading", { name: "Customer stories" })).toBeVisible();
  await staff.getByRole("link", { name: title }).click();
  await expect(staff.getByRole("heading", { name: title })).toBeVisible();
  await staff.getByLabel("Comment", { exact: true }).fill("Could you say how many people use the export?");
  await staff.getByRole("button", { name: "Send back to the author" }).click();
  await expect(staff.getByText("Sent back to the author.")).toBeVisible();

  // The member sees the comment and edits.
  await member.goto(storyPath);
  await expect(member.getByText("Could you say how many people use the export?")).toBeVisible();
  await member.locator("textarea[name=results]").fill("Monday reporting went from 3 hours to 10 minutes for 12 people in finance.");
  await member.getByRole("button", { name: "Send for review" }).click();
  await expect(member).toHaveURL(/done=submitted/);

  // Staff cannot publish without consent; they record it and publish.
  await staff.reload();
  await staff.getByRole("button", { name: "Publish" }).click();
  await expect(staff.getByRole("alert")).toContainText("consent");
  await staff.getByLabel("Who agreed").selectOption({ label: E2E_COMMUNITY.answerer.name });
  await staff.getByRole("checkbox", { name: "Community" }).check();
  await staff.getByRole("checkbox", { name: "Website" }).check();
  await staff.getByRole("button", { name: "Record consent" }).click();
  await expect(staff.getByText("Consent recorded.")).toBeVisible();
  await staff.getByRole("button", { name: "Publish" }).click();
  await expect(staff.getByText("Published.")).toBeVisible();
  await staff.screenshot({ path: `${SCREENS}/story-console.png`, fullPage: true });

  // It is in the listing, with the company named (the consent covers the community).
  await member.goto("/community/stories");
  const card = member.locator(".story-card").filter({ hasText: title });
  await expect(card).toBeVisible();
  await expect(card).toContainText(company);
  await member.screenshot({ path: `${SCREENS}/story-listing.png`, fullPage: true });
  await member.goto("/community/stories?industry=Accounting");
  await expect(member.locator(".story-card").filter({ hasText: title })).toBeVisible();
  await member.goto(storyPath);
  await expect(member.getByRole("heading", { name: title })).toBeVisible();
  await expect(member.locator(".story-company")).toContainText(company);
  await member.screenshot({ path: `${SCREENS}/story-page.png`, fullPage: true });
  const desktop = member.viewportSize();
  await member.setViewportSize({ width: 390, height: 844 });
  await member.screenshot({ path: `${SCREENS}/story-page-phone.png`, fullPage: true });
  if (desktop) await member.setViewportSize(desktop);
  const twin = await browser.newContext({ locale: "en-US", storageState: await memberContext.storageState() });
  const twinPage = await twin.newPage();
  await twinPage.goto(storyPath);
  await expectAccessible(twinPage);
  await twin.close();

  // The customer withdraws consent: the story leaves the listing at once and the company is named nowhere.
  await staff.getByRole("button", { name: "Record withdrawal of consent" }).click();
  await expect(staff.getByText("Consent withdrawn: the story is unpublished.")).toBeVisible();
  await member.goto("/community/stories");
  await expect(member.locator(".story-card").filter({ hasText: title })).toHaveCount(0);
  await member.goto(storyPath);
  await expect(member.locator(".story-company")).not.toContainText(company);

  // The account's advocacy timeline in the console showed the story while it was published; the pipeline shows it as a draft now.
  await staff.goto("/cs/community/stories?status=draft");
  await expect(staff.getByRole("link", { name: title })).toBeVisible();
  await memberContext.close();
  await staffContext.close();
});

test("the account 360 shows the advocacy timeline and staff log a reference call", async ({ page }) => {
  await signInStaff(page, "csm");
  await page.goto("/cs/accounts");
  await page.getByRole("link", { name: E2E_COMMUNITY.account.name }).first().click();
  await expect(page.getByRole("heading", { name: "Advocacy", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Full timeline, log a reference or review" }).click();
  await expect(page.getByRole("heading", { name: "Advocacy timeline" })).toBeVisible();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Log reference" }) });
  await form.getByLabel("Contact").selectOption({ label: E2E_COMMUNITY.answerer.name });
  await form.getByLabel("Prospect").fill("Nagoya Foods");
  await form.getByRole("button", { name: "Log reference" }).click();
  await expect(page.getByText("Recorded on the timeline.")).toBeVisible();
  await expect(page.locator("table")).toContainText("With Nagoya Foods: went well");
  await page.screenshot({ path: `${SCREENS}/advocacy-timeline.png`, fullPage: true });
});
