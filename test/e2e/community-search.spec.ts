import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { communitySearchRow } from "../../app/domain/community-search";
import { countEmails, E2E_CONTACTS, waitForEmail } from "./fixtures";
import { expectAccessible } from "./helpers";

const TITLE = "請求書の宛名を部署名に変更する設定はありますか";
const BODY = "経理から、**請求書**の宛名を会社名ではなく部署名にしてほしいと言われました。どこで変更できますか？";

/** A Japanese question by the Japanese contact, written as the community services would (with its search row). */
function askQuestion(): number {
  const file = process.env.E2E_DATABASE_PATH;
  if (!file) throw new Error("E2E_DATABASE_PATH is not set");
  const sqlite = new Database(file, { fileMustExist: true });
  try {
    return sqlite.transaction(() => {
      const contact = sqlite.prepare<[string], { id: number }>("SELECT id FROM contacts WHERE email = ?").get(E2E_CONTACTS.ja.email)!;
      sqlite
        .prepare("INSERT INTO community_members (contact_id, handle, display_name, guidelines_accepted_at) VALUES (?, 'hanako', ?, ?) ON CONFLICT DO NOTHING")
        .run(contact.id, E2E_CONTACTS.ja.name, Date.now());
      const member = sqlite.prepare<[number], { id: number }>("SELECT id FROM community_members WHERE contact_id = ?").get(contact.id)!;
      const category = sqlite.prepare<[], { id: number }>("SELECT id FROM community_categories WHERE slug = 'questions'").get()!;
      const topicId = Number(
        sqlite.prepare("INSERT INTO community_topics (category_id, author_id, title, slug) VALUES (?, ?, ?, '')").run(category.id, member.id, TITLE)
          .lastInsertRowid,
      );
      const postId = Number(
        sqlite
          .prepare("INSERT INTO community_posts (topic_id, author_id, post_number, source, html, render_version) VALUES (?, ?, 1, ?, ?, 1)")
          .run(topicId, member.id, BODY, `<p>${BODY}</p>`).lastInsertRowid,
      );
      const row = communitySearchRow(TITLE, BODY);
      sqlite.prepare("INSERT INTO community_search (rowid, title, body) VALUES (?, ?, ?)").run(postId, row.title, row.body);
      return topicId;
    })();
  } finally {
    sqlite.close();
  }
}

/** Signs the Japanese contact in with the emailed link, through plain forms (works with JS off). */
async function signInJapaneseContact(page: Page) {
  const contact = E2E_CONTACTS.ja;
  const seen = await countEmails(contact.email, /ログイン用リンク/);
  await page.goto("/login");
  await page.getByLabel("勤務先のメールアドレス").fill(contact.email);
  await page.getByRole("button", { name: "ログインリンクを送信" }).click();
  const email = await waitForEmail(contact.email, /ログイン用リンク/, 15_000, seen);
  const link = email.text.match(/https?:\/\/\S+\/login\/[A-Za-z0-9_-]{43}/)![0];
  await page.goto(new URL(link).pathname);
  await page.getByRole("button", { name: /続行|としてログイン/ }).click();
  await expect(page).toHaveURL(/\/portal$/);
}

let topicId = 0;
test.beforeAll(() => {
  topicId = askQuestion();
});

test("a member searching in Japanese on a phone, without JavaScript, finds the question", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "ja-JP", viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await context.newPage();
  await signInJapaneseContact(page);

  await page.goto("/community/search");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { name: "何をお探しですか？" })).toBeVisible();

  // A word from the middle of the title: Japanese is found by substring.
  await page.getByRole("searchbox", { name: "検索" }).fill("宛名");
  await page.getByRole("button", { name: "検索", exact: true }).click();
  await expect(page).toHaveURL(/\/community\/search\?q=%E5%AE%9B%E5%90%8D/);
  const result = page.getByRole("link", { name: TITLE });
  await expect(result).toHaveAttribute("href", `/community/t/${topicId}`);
  await expect(page.locator("mark").first()).toHaveText("宛名");
  await expect(page.getByRole("heading", { name: "1 件のトピック" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("community-search-ja-phone.png"), fullPage: true });

  // One character looks at titles only, and says so.
  await page.goto(`/community/search?q=${encodeURIComponent("宛")}`);
  await expect(page.getByRole("link", { name: TITLE })).toBeVisible();
  await expect(page.getByText("1 文字の検索はタイトルだけを対象にします。")).toBeVisible();

  // Filters are a GET form too; FTS syntax is text, never an error page.
  await page.goto(`/community/search?q=${encodeURIComponent('部署名" ( -* : ^')}&solved=unsolved&category=questions`);
  await expect(page.getByRole("link", { name: TITLE })).toBeVisible();

  await page.goto(`/community/search?q=${encodeURIComponent("存在しない言葉です")}`);
  await expect(page.getByText("「存在しない言葉です」に一致するトピックはありません。")).toBeVisible();
  await expect(page.getByRole("link", { name: "質問する" })).toHaveAttribute("href", "/community/new");
  await context.close();
});

test("the search page is accessible on a phone: empty, with results and with none", async ({ browser }) => {
  // axe runs as a script in the page, so this context has JavaScript; the page itself loads none.
  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await context.newPage();
  await signInJapaneseContact(page);
  for (const q of ["", "宛名", "存在しない言葉です"]) {
    await page.goto(`/community/search${q ? `?q=${encodeURIComponent(q)}` : ""}`);
    await expect(page.locator("h1")).toHaveText("コミュニティを検索");
    await expectAccessible(page);
  }
  const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(scrolls, "no sideways scrolling on a phone").toBe(false);
  await context.close();
});

test("similar topics answer as JSON for the title being typed", async ({ browser }) => {
  const context = await browser.newContext({ locale: "ja-JP" });
  const page = await context.newPage();
  await signInJapaneseContact(page);
  const response = await page.request.get(`/community/similar?title=${encodeURIComponent("請求書の宛名")}`);
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { topics: { title: string; url: string }[] };
  expect(body.topics.map((topic) => topic.title)).toContain(TITLE);
  // The script the new-topic form loads is served from this origin.
  const script = await page.request.get("/community-similar.js");
  expect(script.ok()).toBe(true);
  await context.close();
});
