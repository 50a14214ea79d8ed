import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { waitForEmail } from "./fixtures";
import { expectAccessible } from "./helpers";

/*
 * A reply notifies the topic's author in the portal and by email (through the real Resend SDK to
 * the fake Resend), and the email's one-click unsubscribe (RFC 8058) stops that kind of email.
 * The question and the reply are written through the community services by a small script on the
 * server's database (the topic page is another part of the community); the running server's
 * worker does the rest.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));

function seed(): Promise<{ author: string; title: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      join(root, "node_modules/.bin/tsx"),
      ["test/e2e/community-notify-seed.ts"],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: `file:${process.env.E2E_DATABASE_PATH}`, APP_URL: `http://127.0.0.1:${process.env.E2E_PORT}`, KIZUNA_DEMO: "0" },
      },
      (error, stdout, stderr) => {
        const author = /^AUTHOR (.+)$/m.exec(stdout)?.[1];
        const title = /^TITLE (.+)$/m.exec(stdout)?.[1];
        if (error || !author || !title) reject(new Error(`seeding failed: ${stderr || stdout}`));
        else resolve({ author, title });
      },
    );
  });
}

test("a reply notifies the topic's author in the portal and by email, and one click stops those emails", async ({ page, request }) => {
  test.setTimeout(90_000);
  const { author, title } = await seed();

  // By email, at once (the author chose instant), with a one-click unsubscribe for replies.
  const email = await waitForEmail(author, new RegExp(`replied to .${title}`));
  const unsubscribe = email.text.match(/https?:\/\/\S+\/community\/unsubscribe\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(unsubscribe, "the email text carries the unsubscribe link").toBeTruthy();
  expect(email.headers?.["List-Unsubscribe"]).toBe(`<${unsubscribe}>`);
  expect(email.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");

  // In the portal: sign in with the magic link, see the badge and the notification.
  await page.goto("/login");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByLabel(/email/i).fill(author);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  const signIn = await waitForEmail(author, /sign/i);
  const link = signIn.text.match(/https?:\/\/\S+\/login\/[A-Za-z0-9_-]{43}/)![0];
  await page.goto(new URL(link).pathname);
  await page.getByRole("button", { name: /continue|sign in as/i }).click();
  await page.goto("/portal");
  await expect(page.getByRole("link", { name: /Notifications\s*1 unread/ })).toBeVisible();
  await page.getByRole("link", { name: /Notifications/ }).click();
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(page.getByText("橋本 花 replied to your topic")).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Mark read" }).click();
  await expect(page.getByRole("button", { name: "Mark read" })).toHaveCount(0);

  // A scanner's GET changes nothing; the mail client's one-click POST unsubscribes.
  const path = new URL(unsubscribe!).pathname;
  expect((await request.get(path)).status()).toBe(200);
  await page.goto("/community/preferences");
  await expect(page.getByRole("checkbox", { name: "Replies to my topics" })).toBeChecked();
  const oneClick = await request.post(path, { form: { "List-Unsubscribe": "One-Click" } });
  expect(oneClick.status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Replies to my topics" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Mentions" })).toBeChecked();
  await expectAccessible(page);
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();

  // The member's pages in Japanese, on a phone-sized screen too.
  await page.goto("/community/notifications");
  await page.getByRole("button", { name: "日本語" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { name: "通知", exact: true })).toBeVisible();
  await expect(page.getByText("橋本 花 さんがあなたのトピックに返信しました")).toBeVisible();
  await page.setViewportSize({ width: 375, height: 740 });
  await expectAccessible(page);
  await page.goto("/community/preferences");
  await expect(page.getByRole("heading", { name: "通知設定" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "自分のトピックへの返信" })).not.toBeChecked();
  await page.screenshot({ path: "test-results/community-preferences-ja-phone.png", fullPage: true });
  await expectAccessible(page);
});
