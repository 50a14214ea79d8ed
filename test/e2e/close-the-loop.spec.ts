import { expect, test } from "@playwright/test";
import { E2E_LOOP_CONTACT, E2E_STAFF, waitForEmail } from "./fixtures";
import { expectAccessible, expectFieldError, signInStaff } from "./helpers";

/*
 * Closing the loop end to end: a Japanese contact at a high-touch account answers 2 from the
 * survey email; the account's CSM is alerted at once, finds the answer at the top of the detractor
 * list, opens the follow-up case, replies (the reply reaches the contact in Japanese, answering to
 * the CSM), resolves it, and the dashboard counts it.
 */
test("a detractor's answer becomes a case the CSM replies to in the customer's language and resolves", async ({ page, browser }) => {
  const comment = "請求書のダウンロードが遅くて困っています。";

  // An admin sends a pulse to the one account.
  await signInStaff(page, "admin");
  await page.goto("/cs/campaigns/new");
  await page.getByLabel("Campaign name").fill("E2E loop pulse");
  await page.getByLabel("Account list").fill(E2E_LOOP_CONTACT.externalId);
  await page.getByRole("button", { name: "Preview audience" }).click();
  await page.getByRole("button", { name: "Launch to 1 contact" }).click();

  // The contact answers 2 from the email, with a comment.
  const invitation = await waitForEmail(E2E_LOOP_CONTACT.email, /おすすめ度/);
  const two = [...invitation.html.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1].replaceAll("&amp;", "&"))
    .find((href) => /\/s\/[A-Za-z0-9_-]{43}\?score=2$/.test(href));
  expect(two, "the email has a score-2 button").toBeTruthy();
  const customer = await (await browser.newContext({ locale: "ja-JP" })).newPage();
  const { pathname, search } = new URL(two!);
  await customer.goto(pathname + search);
  await customer.locator("#nps-comment").fill(comment);
  await customer.locator("main button.wide").click();
  await expect(customer.getByText("2 点として記録しました")).toBeVisible();

  // The CSM is alerted at once, with a link to the case.
  const alert = await waitForEmail(E2E_STAFF.csm.email, new RegExp(`Detractor at ${E2E_LOOP_CONTACT.account}: scored 2`));
  expect(alert.text).toContain(comment);
  const caseLink = alert.html.match(/href="[^"]*(\/cs\/cases\/\d+)"/)?.[1];
  expect(caseLink, "the alert links to the follow-up case").toBeTruthy();

  // The CSM finds the answer in the detractor list, with its open follow-up.
  const csm = await (await browser.newContext()).newPage();
  await signInStaff(csm, "csm");
  await csm.goto("/cs/responses?category=detractor");
  const row = csm.getByRole("row").filter({ hasText: E2E_LOOP_CONTACT.name });
  await expect(row).toContainText(comment);
  await expect(row).toContainText("Open");
  await expectAccessible(csm);
  await csm.screenshot({ path: "test-results/screens/detractor-list.png", fullPage: true });

  // … opens the case from the list and replies.
  await row.getByRole("link", { name: /Open/ }).click();
  await expect(csm).toHaveURL(new RegExp(`${caseLink}$`));
  await expect(csm.getByRole("heading", { level: 1 })).toContainText(E2E_LOOP_CONTACT.name);
  await expect(csm.getByText("Japanese", { exact: false }).first()).toBeVisible();
  await expectAccessible(csm);
  const reply = "山田様、ご意見ありがとうございます。ダウンロードの遅延は本日修正しました。";
  await csm.getByLabel("Your reply").fill(reply);
  await csm.getByRole("button", { name: "Send reply" }).click();
  const timeline = csm.getByRole("region", { name: "Timeline" });
  await expect(timeline).toContainText(reply);
  await expect(csm.getByRole("heading", { level: 1 })).toContainText("Contacted");

  // The reply reaches the contact in Japanese, and answers go to the CSM.
  const delivered = await waitForEmail(E2E_LOOP_CONTACT.email, /アンケートへのご意見について/);
  expect(delivered.text).toContain(reply);
  expect(delivered.replyTo).toEqual([E2E_STAFF.csm.email]);

  // Resolved, with a note on how.
  await csm.getByLabel("Move to").selectOption("resolved");
  await csm.getByLabel("Reason").fill("Download fixed; the customer confirmed it is fast now.");
  await csm.getByRole("button", { name: "Change status" }).click();
  await expect(timeline).toContainText("Resolved");
  await csm.screenshot({ path: "test-results/screens/case.png", fullPage: true });

  // A blank note is refused beside the note box, on the note form only (the reply form next to it
  // stays clean) — in the browser with JS, and from the server without it — and nothing is added.
  const caseUrl = csm.url();
  const events = await timeline.getByRole("listitem").count();
  await csm.getByLabel("Note", { exact: true }).fill("   ");
  await csm.getByRole("button", { name: "Add note" }).click();
  await expectFieldError(csm, "Note", /Write the note first/);
  await expect(csm.getByLabel("Your reply")).not.toHaveAttribute("aria-invalid", "true");
  await expect(csm.getByRole("alert")).toHaveCount(0);
  await expect(csm.getByText("Write the note first.")).toHaveCount(1);
  const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await signInStaff(noScript, "csm");
  await noScript.goto(caseUrl);
  await noScript.getByLabel("Note", { exact: true }).fill("   ");
  await noScript.getByRole("button", { name: "Add note" }).click();
  await expectFieldError(noScript, "Note", /Write the note first/);
  await expect(noScript.getByLabel("Your reply")).not.toHaveAttribute("aria-invalid", "true");
  await expect(noScript.getByText("Write the note first.")).toHaveCount(1);
  await expect(noScript.getByRole("region", { name: "Timeline" }).getByRole("listitem")).toHaveCount(events);

  // Bulk assign with no response ticked: the refusal sits in the assign bar and every box names it.
  for (const page of [noScript, csm]) {
    await page.goto("/cs/responses?category=detractor");
    await page.getByLabel("Assign follow-up to").selectOption({ label: "Nobody (unassign)" });
    await page.getByRole("button", { name: "Assign selected" }).click();
    const box = page.getByRole("checkbox").first();
    await expect(box).toHaveAttribute("aria-invalid", "true");
    const described = (await box.getAttribute("aria-describedby")) ?? "";
    await expect(page.locator(`[id="${described}"]`)).toHaveText("Select at least one response.");
    await expect(page.getByRole("row").filter({ hasText: E2E_LOOP_CONTACT.name })).toContainText("Resolved");
  }

  // On the response page, a blank new tag name is the tagging service's refusal, said beside the
  // name box (not on the add-tag form or the page), with and without JS; no tag is created.
  for (const page of [noScript, csm]) {
    await page.goto("/cs/responses?category=detractor");
    await page.getByRole("link", { name: E2E_LOOP_CONTACT.name }).first().click();
    await page.getByLabel("New tag name").fill("   ");
    await page.getByRole("button", { name: "Create and add" }).click();
    await expectFieldError(page, "New tag name", /tag a name of 1 to \d+ characters/);
    await expect(page.getByText("No tags yet.")).toBeVisible();
  }

  // The dashboard counts the detractor and the resolved case.
  await csm.goto("/cs");
  const loop = csm.getByRole("region", { name: "Closing the loop" });
  await expect(loop).toContainText("1 follow-up case opened");
  await expect(loop.locator("dt", { hasText: "Resolved" }).locator("..")).toContainText("1");
  await expect(csm.getByText("Promoters / passives / detractors")).toBeVisible();
  await expectAccessible(csm);
  await csm.screenshot({ path: "test-results/screens/dashboard.png", fullPage: true });
});
