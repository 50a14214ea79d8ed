import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { waitForEmail } from "./fixtures";
import { expectAccessible, signInStaff } from "./helpers";

/*
 * The community from end to end, as issue 13 tells it: at a tech-touch customer, a person joins by
 * their company's domain from a Japanese browser, accepts the guidelines and asks a question in
 * Japanese; a colleague joins from an English browser and answers; the asker accepts the answer;
 * the answerer finds the notification (the header's unread count, the notification list) and the
 * "first accepted answer" badge on their profile; a CSM sees the participation on the account 360;
 * the asker flags an off-topic reply and a moderator hides it from the queue, after which members no
 * longer see it; a two-character Japanese search finds the question. Everything goes through the
 * pages, the emails (the fake Resend) and the running server's worker; only the customer account is
 * seeded (the console has no form for one). Screenshots of the home, the topic and the moderation
 * queue go to this spec's output folder.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));

/** A tech-touch account with a company domain of its own (see community-story-seed.ts). */
function seedAccount(): Promise<{ accountId: number; domain: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      join(root, "node_modules/.bin/tsx"),
      ["test/e2e/community-story-seed.ts"],
      { cwd: root, env: { ...process.env, DATABASE_URL: `file:${process.env.E2E_DATABASE_PATH}`, KIZUNA_DEMO: "0" } },
      (error, stdout, stderr) => {
        const accountId = Number(/^ACCOUNT (\d+)$/m.exec(stdout)?.[1]);
        const domain = /^DOMAIN (\S+)$/m.exec(stdout)?.[1];
        if (error || !accountId || !domain) reject(new Error(`seeding failed: ${stderr || stdout}`));
        else resolve({ accountId, domain });
      },
    );
  });
}

type Words = { emailLabel: string; send: string; joinSubject: RegExp; nameLabel: string; join: string; accept: string };
const JA: Words = {
  emailLabel: "勤務先のメールアドレス",
  send: "ログインリンクを送信",
  joinSubject: /コミュニティへの参加/,
  nameLabel: "お名前（任意）",
  join: "コミュニティに参加",
  accept: "ガイドラインに同意する",
};
const EN: Words = {
  emailLabel: "Work email",
  send: "Email me a sign-in link",
  joinSubject: /Join your company.s community/,
  nameLabel: "Your name (optional)",
  join: "Join the community",
  accept: "I accept the guidelines",
};

/** Someone at the company's domain signs up at /login, confirms the emailed join link and accepts the guidelines. */
async function joinByDomain(browser: Browser, locale: "ja-JP" | "en-US", email: string, name: string): Promise<Page> {
  const words = locale === "ja-JP" ? JA : EN;
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel(words.emailLabel).fill(email);
  await page.getByRole("button", { name: words.send }).click();
  const delivered = await waitForEmail(email, words.joinSubject);
  const link = delivered.text.match(/https?:\/\/\S+\/login\/join\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(link, "the join email carries the link").toBeTruthy();
  await page.goto(new URL(link!).pathname);
  await page.getByLabel(words.nameLabel).fill(name);
  await page.getByRole("button", { name: words.join }).click();
  await expect(page).toHaveURL(/\/community\/welcome/);
  await page.getByRole("button", { name: words.accept }).click();
  await expect(page).toHaveURL(/\/community$/);
  return page;
}

test("a tech-touch customer's question, from signing up by domain to a moderator's hide and a Japanese search", async ({ browser, page: csm }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const { accountId, domain } = await seedAccount();
  const title = `仕訳データを会計ソフトへ自動で連携する方法はありますか（${stamp % 100_000}）`;
  const answer = "「設定 › 連携」で会計ソフトを選ぶと、毎晩の仕訳が自動で送られます。Use the **nightly sync** option.";
  const offTopic = `Does anyone know a good ramen place near Shibuya? ${stamp}`;

  // 1. The asker joins by the company's domain in Japanese and asks a question.
  const asker = await joinByDomain(browser, "ja-JP", `yui.takahashi.${stamp}@${domain}`, "高橋 結衣");
  await expect(asker.locator("html")).toHaveAttribute("lang", "ja");
  await asker.goto("/community/new?category=questions");
  await asker.getByLabel("タイトル").fill(title);
  await asker
    .getByLabel("詳細")
    .fill("月末の締めで、Kizuna の**請求データ**を会計ソフトに手で入力しています。\n\n- 自動で連携できますか？\n- 仕訳の形式は選べますか？");
  await asker.getByRole("button", { name: "投稿", exact: true }).click();
  await expect(asker.getByRole("heading", { level: 1 })).toHaveText(title);
  const topicPath = new URL(asker.url()).pathname;
  expect(topicPath).toMatch(/^\/community\/t\/\d+\//);

  // 2. A colleague joins in English and answers.
  const answerer = await joinByDomain(browser, "en-US", `noah.smith.${stamp}@${domain}`, "Noah Smith");
  await answerer.goto(topicPath);
  await expect(answerer.getByRole("heading", { level: 1 })).toHaveText(title);
  await answerer.getByLabel("Reply", { exact: true }).fill(answer);
  await answerer.getByRole("button", { name: "Post reply" }).click();
  await expect(answerer.locator("#post-2")).toContainText("nightly sync");

  // 3. The asker accepts it: it shows right under the question, and the topic is solved.
  await asker.goto(topicPath);
  await asker.locator("#post-2").getByRole("button", { name: "ベストアンサーに選ぶ" }).click();
  await expect(asker).toHaveURL(new RegExp(`${topicPath}#accepted-answer$`));
  await expect(asker.locator(".topic-posts > li > article").nth(1)).toHaveAttribute("id", "accepted-answer");
  await expect(asker.locator("#accepted-answer")).toContainText("nightly sync");
  await expect(asker.locator(".topic-header")).toContainText("解決済み");
  await expectAccessible(asker);
  await asker.screenshot({ path: test.info().outputPath("community-topic-ja.png"), fullPage: true });

  await asker.goto("/community");
  await expect(asker.locator(".topic-row").filter({ hasText: title })).toContainText("解決済み");
  await expectAccessible(asker);
  await asker.screenshot({ path: test.info().outputPath("community-home-ja.png"), fullPage: true });

  // 4. The answerer: the header counts the unread notification (the worker writes it), the list
  // says who accepted the answer, and the profile shows the badge.
  await expect(async () => {
    await answerer.goto("/community");
    await expect(answerer.getByRole("link", { name: /Notifications\s*1 unread/ })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await answerer.getByRole("link", { name: /Notifications/ }).click();
  await expect(answerer.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expect(answerer.getByText("高橋 結衣 accepted your answer")).toBeVisible();
  await expect(answerer.getByRole("link", { name: title })).toBeVisible();
  await answerer.goto("/community");
  await answerer.getByRole("link", { name: "My profile" }).click();
  await expect(answerer.getByRole("heading", { level: 1 })).toContainText("Noah Smith");
  await expect(answerer.locator("main")).toContainText("First accepted answer");
  await expectAccessible(answerer);

  // 5. A CSM opens the account 360: two members, one topic, one reply, one accepted answer.
  await signInStaff(csm, "csm");
  await csm.goto(`/cs/accounts/${accountId}`);
  const community = csm.getByTestId("account-community");
  await expect(community).toContainText("2 members");
  const fact = (label: string) => community.locator("dt", { hasText: new RegExp(`^${label}$`) }).locator("+ dd");
  await expect(fact("Topics")).toHaveText("1");
  await expect(fact("Replies")).toHaveText("1");
  await expect(fact("Accepted answers")).toHaveText("1");
  await expect(csm.getByRole("row", { name: /Noah Smith/ })).toContainText("1 accepted");

  // 6. An off-topic reply; the asker flags it; a moderator agrees and hides it.
  await answerer.goto(topicPath);
  await answerer.getByLabel("Reply", { exact: true }).fill(offTopic);
  await answerer.getByRole("button", { name: "Post reply" }).click();
  await expect(answerer.locator("#post-3")).toContainText(offTopic);

  await asker.goto(topicPath);
  await asker.locator("#post-3").getByRole("link", { name: "通報" }).click();
  await asker.getByRole("radio", { name: /話題違い/ }).check();
  await asker.getByLabel("モデレーターへのメモ").fill("質問と関係のない話題です。");
  await asker.getByRole("button", { name: "通報する" }).click();
  await expect(asker.getByRole("status")).toContainText("#3");

  await csm.goto("/cs/community/moderation");
  const flagged = csm.getByRole("region", { name: "Flagged posts" }).getByRole("article").filter({ hasText: offTopic });
  await expect(flagged).toContainText("Off topic");
  await expect(flagged).toContainText("質問と関係のない話題です。");
  await expect(flagged).toContainText("高橋 結衣");
  await expectAccessible(csm);
  await csm.screenshot({ path: test.info().outputPath("community-moderation-queue.png"), fullPage: true });
  await flagged.getByPlaceholder("Reason the author reads").fill("Off topic for this question");
  csm.once("dialog", (dialog) => dialog.accept());
  await flagged.getByRole("button", { name: "Agree and hide" }).click();
  await expect(csm.getByRole("status")).toContainText("Flags agreed: the post is hidden.");
  await expect(csm.getByRole("region", { name: "Flagged posts" })).not.toContainText(offTopic);

  // Members no longer see it; the question and its accepted answer stay.
  for (const member of [asker, answerer]) {
    await member.goto(topicPath);
    await expect(member.locator("#accepted-answer")).toContainText("nightly sync");
    await expect(member.locator("main")).not.toContainText(offTopic);
  }

  // 7. A two-character Japanese word of the question finds it.
  await asker.goto("/community/search");
  await asker.getByRole("searchbox", { name: "検索" }).fill("仕訳");
  await asker.getByRole("button", { name: "検索", exact: true }).click();
  await expect(asker).toHaveURL(/\/community\/search\?q=%E4%BB%95%E8%A8%B3/);
  const result = asker.getByRole("link", { name: title });
  await expect(result).toHaveAttribute("href", new RegExp(`^${topicPath.split("/").slice(0, 4).join("/")}`));
  await result.click();
  await expect(asker).toHaveURL(new RegExp(`${topicPath}$`));

  await asker.context().close();
  await answerer.context().close();
});

test("a suspended member still reads, and is told until when and why before trying to post", async ({ browser }) => {
  const stamp = Date.now();
  const { domain } = await seedAccount();
  const email = `mia.jones.${stamp}@${domain}`;
  const member = await joinByDomain(browser, "en-US", email, "Mia Jones");
  await member.goto("/community/new?category=questions");
  await member.getByLabel("Title").fill(`Where do I change the invoice address? ${stamp}`);
  await member.getByLabel("Details").fill("The address on our invoices is out of date.");
  await member.getByRole("button", { name: "Publish" }).click();
  const topicPath = new URL(member.url()).pathname;

  // A moderator's suspension, as the console writes it (the queue's form is covered by the moderation tests).
  const sqlite = new Database(process.env.E2E_DATABASE_PATH!);
  sqlite.pragma("busy_timeout = 5000");
  sqlite
    .prepare("UPDATE community_members SET suspended_until = ?, suspended_reason = ? WHERE contact_id = (SELECT id FROM contacts WHERE email = ?)")
    .run(Date.UTC(2099, 11, 31, 15), "Posting the same question many times", email);
  sqlite.close();

  await member.goto(topicPath);
  await expect(member.getByRole("heading", { level: 1 })).toContainText("invoice address");
  const notice = member.locator("main .notice.warn");
  await expect(notice).toContainText("paused until");
  await expect(notice).toContainText("2099");
  await expect(notice).toContainText("Posting the same question many times");
  await expect(member.getByRole("button", { name: "Post reply" })).toHaveCount(0);
  // Their own question offers no reply, edit or delete while they cannot post (the server would refuse).
  await expect(member.getByRole("link", { name: /^Reply/ })).toHaveCount(0);
  await expect(member.getByRole("link", { name: /^Edit/ })).toHaveCount(0);
  await expect(member.getByRole("link", { name: /^Delete/ })).toHaveCount(0);
  await member.screenshot({ path: test.info().outputPath("community-topic-suspended.png"), fullPage: true });
  await member.goto("/community/new");
  await expect(member.locator("main .notice.warn")).toContainText("Posting the same question many times");
  await expectAccessible(member);
  await member.context().close();
});
