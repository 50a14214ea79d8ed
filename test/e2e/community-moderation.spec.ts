import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { E2E_CONTACTS } from "./fixtures";
import { expectAccessible, latinWordsLeft, signInStaff } from "./helpers";

/*
 * A moderator hides a flagged post from the queue. The community's posts are written straight to
 * the e2e server's database (as the posting services leave them, counters included): this spec is
 * about the queue, not the topic pages.
 */

const SPAM = "Cheap watches at spam-shop dot example, order today";

function seedFlaggedPost(): { postId: number; heldId: number } {
  const db = new Database(process.env.E2E_DATABASE_PATH!);
  db.pragma("busy_timeout = 5000");
  try {
    return db.transaction(() => {
      const contactId = (email: string) => (db.prepare("SELECT id FROM contacts WHERE email = ?").get(email) as { id: number }).id;
      const member = (email: string, handle: string, name: string) => {
        db.prepare("INSERT OR IGNORE INTO community_members (contact_id, handle, display_name, guidelines_accepted_at, created_at) VALUES (?, ?, ?, ?, ?)").run(
          contactId(email),
          handle,
          name,
          Date.now(),
          Date.now() - 86_400_000,
        );
        return (db.prepare("SELECT id FROM community_members WHERE contact_id = ?").get(contactId(email)) as { id: number }).id;
      };
      const asker = member(E2E_CONTACTS.ja.email, "hanako", E2E_CONTACTS.ja.name);
      const spammer = member(E2E_CONTACTS.en.email, "sam", E2E_CONTACTS.en.name);
      const category = (db.prepare("SELECT id FROM community_categories WHERE slug = 'questions'").get() as { id: number }).id;
      const at = Date.now() - 3_600_000;
      const topicId = Number(
        db
          .prepare("INSERT INTO community_topics (category_id, author_id, title, slug, created_at, last_posted_at, reply_count) VALUES (?, ?, ?, '', ?, ?, 1)")
          .run(category, asker, "CSV の書き出し方法を教えてください", at, at + 60_000).lastInsertRowid,
      );
      const post = (author: number, n: number, source: string, state: string, heldReasons: string | null) =>
        Number(
          db
            .prepare(
              "INSERT INTO community_posts (topic_id, author_id, post_number, source, html, render_version, state, held_reasons, created_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
            )
            .run(topicId, author, n, source, `<p>${source}</p>`, state, heldReasons, at + n * 60_000).lastInsertRowid,
        );
      post(asker, 1, "管理画面のどこから CSV を書き出せますか？", "published", null);
      const postId = post(spammer, 2, SPAM, "published", null);
      const heldId = post(spammer, 3, "簡単な副業のご案内です", "held", JSON.stringify(["blocked_words:副業"]));
      db.prepare("UPDATE community_members SET topic_count = topic_count + 1 WHERE id = ?").run(asker);
      db.prepare("UPDATE community_members SET reply_count = reply_count + 1 WHERE id = ?").run(spammer);
      db.prepare("UPDATE community_categories SET topic_count = topic_count + 1, post_count = post_count + 2 WHERE id = ?").run(category);
      db.prepare("INSERT INTO community_flags (post_id, member_id, reason, note) VALUES (?, ?, 'spam', ?)").run(postId, asker, "宣伝の投稿です");
      return { postId, heldId };
    })();
  } finally {
    db.close();
  }
}

function readDb<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

test("a moderator hides a flagged post from the queue, after a confirmation", async ({ page }) => {
  const { postId, heldId } = seedFlaggedPost();
  await signInStaff(page, "csm");
  await page.goto("/cs/community/moderation");
  await expect(page.getByRole("heading", { level: 1, name: "Community moderation" })).toBeVisible();
  const flagged = page.getByRole("region", { name: "Flagged posts" }).getByRole("article").filter({ hasText: SPAM });
  await expect(flagged).toContainText("Spam");
  await expect(flagged).toContainText("宣伝の投稿です");
  await expect(flagged).toContainText("Sam Carter");
  const held = page.getByRole("region", { name: "Held posts" });
  await expect(held).toContainText("Blocked words: 副業");
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/community-moderation-queue.png", fullPage: true });

  // Dismissing the confirmation sends nothing.
  page.once("dialog", (dialog) => dialog.dismiss());
  await flagged.getByPlaceholder("Reason the author reads").fill("Advertising");
  await flagged.getByRole("button", { name: "Agree and hide" }).click();
  expect(readDb<{ hidden_at: number | null }>("SELECT hidden_at FROM community_posts WHERE id = ?", postId).hidden_at).toBeNull();

  page.once("dialog", (dialog) => dialog.accept());
  await flagged.getByRole("button", { name: "Agree and hide" }).click();
  await expect(page.getByRole("status")).toContainText("Flags agreed: the post is hidden.");
  await expect(page.getByRole("region", { name: "Flagged posts" })).not.toContainText(SPAM);
  expect(readDb<{ hidden_reason: string }>("SELECT hidden_reason FROM community_posts WHERE id = ?", postId).hidden_reason).toBe("Advertising");
  expect(readDb<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'community.flags_agreed' AND entity_id = ?", String(postId)).n).toBe(1);
  // The held post still waits.
  expect(readDb<{ state: string }>("SELECT state FROM community_posts WHERE id = ?", heldId).state).toBe("held");
});

/** A question with two replies, written as the posting services leave it; answers its id. */
function seedTopicWithReplies(title: string, posts: { email: string; source: string }[]): { topicId: number; postIds: number[] } {
  const db = new Database(process.env.E2E_DATABASE_PATH!);
  db.pragma("busy_timeout = 5000");
  try {
    return db.transaction(() => {
      const memberOf = (email: string) => {
        const contactId = (db.prepare("SELECT id FROM contacts WHERE email = ?").get(email) as { id: number }).id;
        const handle = email.split("@")[0];
        db.prepare("INSERT OR IGNORE INTO community_members (contact_id, handle, display_name, guidelines_accepted_at, created_at) VALUES (?, ?, ?, ?, ?)").run(
          contactId,
          handle,
          handle,
          Date.now(),
          Date.now() - 86_400_000,
        );
        return (db.prepare("SELECT id FROM community_members WHERE contact_id = ?").get(contactId) as { id: number }).id;
      };
      const category = (db.prepare("SELECT id FROM community_categories WHERE slug = 'questions'").get() as { id: number }).id;
      const at = Date.now() - 3_600_000;
      const authors = posts.map((p) => memberOf(p.email));
      const topicId = Number(
        db
          .prepare("INSERT INTO community_topics (category_id, author_id, title, slug, created_at, last_posted_at, reply_count) VALUES (?, ?, ?, '', ?, ?, ?)")
          .run(category, authors[0], title, at, at + posts.length * 60_000, posts.length - 1).lastInsertRowid,
      );
      const postIds = posts.map((p, i) =>
        Number(
          db
            .prepare(
              "INSERT INTO community_posts (topic_id, author_id, post_number, source, html, render_version, state, created_at) VALUES (?, ?, ?, ?, ?, 1, 'published', ?)",
            )
            .run(topicId, authors[i], i + 1, p.source, `<p>${p.source}</p>`, at + (i + 1) * 60_000).lastInsertRowid,
        ),
      );
      db.prepare("UPDATE community_members SET topic_count = topic_count + 1 WHERE id = ?").run(authors[0]);
      for (const author of authors.slice(1)) db.prepare("UPDATE community_members SET reply_count = reply_count + 1 WHERE id = ?").run(author);
      db.prepare("UPDATE community_categories SET topic_count = topic_count + 1, post_count = post_count + ? WHERE id = ?").run(posts.length, category);
      return { topicId, postIds };
    })();
  } finally {
    db.close();
  }
}

test("a moderator closes and pins a topic from its page, and splits a reply off into a new topic", async ({ page }) => {
  const { topicId, postIds } = seedTopicWithReplies("Where do I change the survey sender?", [
    { email: E2E_CONTACTS.ja.email, source: "Which page sets the sender name of survey emails?" },
    { email: E2E_CONTACTS.en.email, source: "Settings, then Email: the sender name is the first field." },
    { email: E2E_CONTACTS.en.email, source: "Unrelated, but can I export the community members as CSV?" },
  ]);
  await signInStaff(page, "csm");
  await page.goto(`/community/t/${topicId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Where do I change the survey sender?" })).toBeVisible();
  const panel = page.locator("details.moderate-panel");
  await expect(panel.getByRole("button", { name: "Close to replies" })).toBeHidden();
  await panel.locator("summary", { hasText: "Moderate" }).click();
  await expect(panel.getByRole("button", { name: "Close to replies" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/community-topic-moderation.png", fullPage: true });

  await panel.getByRole("button", { name: "Close to replies" }).click();
  await expect(page.getByRole("status")).toHaveText("The topic is closed to replies.");
  await expect(page.getByText("This topic is closed to new replies.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your reply" })).toHaveCount(0);
  await expect(page.locator(".topic-meta")).toContainText("Closed");

  await panel.locator("summary").click();
  await panel.getByLabel("On top of its category").check();
  await panel.getByRole("button", { name: "Save pin" }).click();
  await expect(page.getByRole("status")).toHaveText("The pin is saved.");
  await expect(page.locator(".topic-meta")).toContainText("Pinned in");

  // Split the unrelated reply (#3) off: tick it on the page, then title the new topic at the end.
  await panel.locator("summary").click();
  await panel.getByRole("link", { name: "Choose replies to split off…" }).click();
  await page.getByLabel("Move #3 to the new topic").check();
  await expect(page.getByLabel("Move #2 to the new topic")).not.toBeChecked();
  await expectAccessible(page);
  await page.getByLabel("Title of the new topic").fill("Exporting community members as CSV");
  await page.getByRole("button", { name: "Split into a new topic" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Exporting community members as CSV" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("The replies were split off into this new topic.");
  await expect(page.locator(".post-body")).toHaveText(["Unrelated, but can I export the community members as CSV?"]);
  const moved = readDb<{ topic_id: number; post_number: number }>("SELECT topic_id, post_number FROM community_posts WHERE id = ?", postIds[2]);
  expect(moved.topic_id).not.toBe(topicId);
  expect(moved.post_number).toBe(1);

  // A merge target that names no topic is refused in the panel, which stays open, and nothing moves.
  await panel.locator("summary").click();
  await panel.getByLabel("Topic to merge into (number or address)").fill("the other one");
  await panel.getByRole("button", { name: "Merge topic" }).click();
  await expect(panel.getByRole("alert")).toHaveText(/Enter the number or the address of the topic to merge into/);
  await expect(panel.getByLabel("Topic to merge into (number or address)")).toHaveValue("the other one");
  expect(readDb<{ topic_id: number }>("SELECT topic_id FROM community_posts WHERE id = ?", postIds[2]).topic_id).toBe(moved.topic_id);

  const actions = (action: string) =>
    readDb<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = ? AND entity_id = ?", action, String(topicId)).n;
  expect([actions("community.topic_locked"), actions("community.topic_pinned"), actions("community.topic_split")]).toEqual([1, 1, 1]);
});

test("the queue and the posting rules read in Japanese", async ({ browser }) => {
  const db = new Database(process.env.E2E_DATABASE_PATH!);
  const before = db.prepare("SELECT locale FROM users WHERE email = 'admin@e2e.test'").get() as { locale: string | null };
  db.prepare("UPDATE users SET locale = 'ja' WHERE email = 'admin@e2e.test'").run();
  db.close();
  const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await signInStaffJa(page);
    await page.goto("/cs/community/moderation");
    await expect(page.getByRole("heading", { level: 1, name: "コミュニティのモデレーション" })).toBeVisible();
    // Posts and names are data: left out; what remains is the page's own words.
    expect(await latinWordsLeft(page, new Set(["CSV", "Sam", "Carter", "sam", "Corp", "Kizuna"]), [".queue-post", ".post-body"])).toEqual([]);
    await page.screenshot({ path: "test-results/community-moderation-queue-ja.png", fullPage: true });
    await page.goto("/cs/community/rules");
    await expect(page.getByRole("heading", { level: 1, name: "コミュニティの投稿ルール" })).toBeVisible();
    expect(await latinWordsLeft(page, new Set(["Kizuna"]))).toEqual([]);
    await page.screenshot({ path: "test-results/community-rules-ja.png", fullPage: true });
    // The topic page's moderation panel, open, in Japanese (posts, names and the category's "Q&A" are data).
    const { topicId } = seedTopicWithReplies("請求書を PDF で受け取れますか？", [
      { email: E2E_CONTACTS.ja.email, source: "毎月の請求書を PDF でダウンロードしたいです。" },
      { email: E2E_CONTACTS.en.email, source: "設定の「請求」から取得できます。" },
    ]);
    await page.goto(`/community/t/${topicId}`);
    await page.locator("details.moderate-panel > summary").click();
    await expect(page.getByRole("button", { name: "返信を締め切る" })).toBeVisible();
    expect(await latinWordsLeft(page, new Set(["Kizuna", "CSM", "Q", "A", "Markdown"]), [".post", ".topic-header h1", ".breadcrumb", "option"])).toEqual([]);
    await expectAccessible(page);
    await page.screenshot({ path: "test-results/community-topic-moderation-ja.png", fullPage: true });
  } finally {
    await context.close();
    const restore = new Database(process.env.E2E_DATABASE_PATH!);
    restore.prepare("UPDATE users SET locale = ? WHERE email = 'admin@e2e.test'").run(before.locale);
    restore.close();
  }
});

async function signInStaffJa(page: Page) {
  await page.goto("/cs/login");
  await page.locator('input[name="email"]').fill("admin@e2e.test");
  await page.locator('input[name="password"]').fill("admin-password-e2e");
  await page.locator('button[type="submit"]').click();
  await expect(page.locator("nav")).toBeVisible();
}
