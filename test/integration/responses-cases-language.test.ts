import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cases, responses } from "../../db/schema";
import { categoryFor } from "../../app/domain/nps";
import { loader as queueLoader } from "../../app/routes/cs.cases._index";
import { action as tagsAction, loader as tagsLoader } from "../../app/routes/cs.tags";
import { assignCases, assignResponseFollowUps } from "../../app/services/assign-cases.server";
import { changeCaseStatus } from "../../app/services/change-case-status.server";
import { saveTagRule, createTag } from "../../app/services/manage-tags.server";
import { marketingAskBlock, reviewUrlBlock } from "../../app/services/record-promoter-action.server";
import { openFollowUpCase } from "../../app/services/open-follow-up-case.server";
import { errorMessage } from "../../app/domain/service-error";
import { wordMessage } from "../../app/domain/field-message";
import { refusalOf } from "../../app/utils/refusal.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";

type Wrapped = { type: "DataWithResponseInit"; data: Record<string, unknown>; init: { status?: number } | null };

/** A loader's or action's answer as status + body, whether returned, wrapped in `data()` or thrown. */
async function call(handler: (args: never) => Promise<unknown>, request: Request) {
  try {
    const value = (await handler({ request, params: {}, context: {} } as never)) as Wrapped | Record<string, unknown>;
    if ((value as Wrapped).type === "DataWithResponseInit") return { status: (value as Wrapped).init?.status ?? 200, body: (value as Wrapped).data };
    return { status: 200, body: value as Record<string, unknown> };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: { message: await thrown.text() } };
    throw thrown;
  }
}

/** The refusal `run` throws, in a language. */
function refusedIn(language: "en" | "ja", run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return refusalOf(error, language).message;
  }
  throw new Error("expected a refusal");
}

function detractorCase(csmUserId: number | null = null) {
  const account = createAccount({ name: "さくら物流", segment: "high", acvAmount: 3_600_000, acvCurrency: "JPY", csmUserId });
  const contact = createContact({ accountId: account.id, name: "佐藤 花子", locale: "ja" });
  const now = Date.now();
  const response = db
    .insert(responses)
    .values({ contactId: contact.id, accountId: account.id, score: 2, comment: "遅い", category: categoryFor(2), locale: "ja", createdAt: now, updatedAt: now })
    .returning()
    .get();
  return openFollowUpCase(response.id)!.caseId;
}

describe("the tag page speaks the reader's language", () => {
  it("titles the page and words what the actions answer and refuse", async () => {
    const admin = createStaff("admin", { locale: "ja" });
    const cookie = await staffCookie(admin.id);
    expect((await call(tagsLoader, getRequest("/cs/tags", cookie))).body.title).toBe("タグ · Kizuna コンソール");

    const created = await call(tagsAction, formRequest("/cs/tags", { intent: "create", name: "価格" }, cookie));
    expect(created).toMatchObject({
      status: 200,
      body: { ok: true, message: "タグ「価格」を作成しました。キーワードを追加すると、コメントに自動でタグが付きます。" },
    });
    const tagId = String(created.body.tagId);
    expect((await call(tagsAction, formRequest("/cs/tags", { intent: "rule", tagId, keywords: "高い, price" }, cookie))).body.message).toBe(
      "キーワードを 2 件保存しました。既存のコメントへのタグはバックグラウンドで付け直しています。",
    );
    const tooMany = await call(
      tagsAction,
      formRequest("/cs/tags", { intent: "rule", tagId, keywords: Array.from({ length: 51 }, (_, i) => `w${i}`).join(",") }, cookie),
    );
    expect(tooMany).toMatchObject({ status: 400, body: { message: "1 つのルールのキーワードは 50 個までです（現在 51 個）。複数のルールに分けてください。" } });
    const duplicate = await call(tagsAction, formRequest("/cs/tags", { intent: "create", name: "価格" }, cookie));
    expect(duplicate).toMatchObject({ status: 409, body: { message: "「価格」という名前のタグはすでにあります。" } });
    // A schema message is a code the form and the notice word in the reader's language.
    const tooLong = await call(tagsAction, formRequest("/cs/tags", { intent: "rename", tagId, name: "x".repeat(201) }, cookie));
    expect(tooLong.status).toBe(400);
    expect(wordMessage(String(tooLong.body.message), "ja")).toBe("タグ名は 1〜40 文字で入力してください。");
    expect(wordMessage(String(tooLong.body.message), "en")).toBe("Give the tag a name of 1 to 40 characters.");

    const english = await staffCookie(createStaff("admin", { locale: "en" }).id);
    expect((await call(tagsLoader, getRequest("/cs/tags", english))).body.title).toBe("Tags · Kizuna console");
    expect((await call(tagsAction, formRequest("/cs/tags", { intent: "rule", tagId, keywords: "高い, price" }, english))).body.message).toBe(
      "The keywords are unchanged.",
    );
  });
});

describe("the case queue speaks the reader's language", () => {
  it("titles the queue and refuses a bad query string in the reader's words", async () => {
    const csm = createStaff("csm", { locale: "ja" });
    const cookie = await staffCookie(csm.id);
    detractorCase(csm.id);
    const page = await call(queueLoader, getRequest("/cs/cases", cookie));
    expect(page.body).toMatchObject({ title: "自分のケース", pageTitle: "自分のケース · Kizuna コンソール", mine: true });
    expect((await call(queueLoader, getRequest("/cs/cases?owner=anyone", cookie))).body).toMatchObject({ title: "ケース" });
    expect(await call(queueLoader, getRequest("/cs/cases?status=done", cookie))).toEqual({
      status: 400,
      body: { message: "パラメーター status の値「done」は正しくありません（指定できるのは active | all | open | contacted | resolved | wont_fix）。" },
    });
    expect(await call(queueLoader, getRequest("/cs/cases?page=2", cookie))).toEqual({
      status: 400,
      body: { message: "パラメーター「page」はこの一覧では使えません。" },
    });
    const english = await staffCookie(createStaff("csm", { locale: "en" }).id);
    expect((await call(queueLoader, getRequest("/cs/cases?owner=everyone", english))).body.message).toBe(
      "The owner parameter “everyone” is not valid: it must be me | anyone | unassigned | 42.",
    );
    expect((await call(queueLoader, getRequest("/cs/cases?after=x", english))).body.message).toMatch(/not a page position/);
  });
});

describe("case, tag and promoter refusals are codes each language words", () => {
  it("words a refused status change by the case's status", () => {
    const csm = createStaff("csm");
    const caseId = detractorCase(csm.id);
    const actor = { user: csm };
    expect(refusedIn("ja", () => changeCaseStatus(actor, caseId, "resolved", null))).toBe("未対応のケースは「連絡済み」か「対応しない」にのみ変更できます。");
    expect(refusedIn("en", () => changeCaseStatus(actor, caseId, "resolved", null))).toBe("An open case can become contacted or won't fix.");
    expect(refusedIn("ja", () => changeCaseStatus(actor, caseId, "wont_fix", "  "))).toBe("対応しない理由を入力してください。");
    expect(refusedIn("ja", () => changeCaseStatus(actor, caseId, "open", null))).toBe("このケースはすでに「未対応」です。");
    expect(db.select().from(cases).where(eq(cases.id, caseId)).get()?.status).toBe("open");
  });

  it("names what a bulk selection holds in each language's own words", () => {
    const actor = { user: createStaff("csm") };
    expect(refusedIn("ja", () => assignCases(actor, [], null))).toBe("ケースを 1 件以上選んでください。");
    expect(refusedIn("en", () => assignCases(actor, [], null))).toBe("Select at least one case.");
    expect(refusedIn("ja", () => assignResponseFollowUps(actor, [], null))).toBe("回答を 1 件以上選んでください。");
    const many = Array.from({ length: 201 }, (_, i) => i + 1);
    expect(refusedIn("en", () => assignResponseFollowUps(actor, many, null))).toBe("Select at most 200 responses at a time.");
    expect(refusedIn("ja", () => assignCases(actor, many, null))).toBe("一度に選べるケースは 200 件までです。");
  });

  it("words a keyword rule's limits", () => {
    const admin = createStaff("admin");
    const tag = createTag(admin, { name: "遅さ" });
    expect(refusedIn("ja", () => saveTagRule(admin, { tagId: tag.id, keywords: "遅".repeat(61) }))).toBe(
      `キーワードは 1 つ 60 文字以内にしてください。「${"遅".repeat(20)}…」は長すぎます。`,
    );
  });

  it("words why a promoter ask cannot go", () => {
    const word = (block: { code: Parameters<typeof errorMessage>[0]; params: Record<string, string | number> } | null, language: "en" | "ja") =>
      block && errorMessage(block.code, block.params, language);
    const contact = { unsubscribedAt: new Date(), suppression: null, name: "佐藤 花子", email: "hanako@example.jp" };
    expect(word(marketingAskBlock(contact), "ja")).toBe(
      "佐藤 花子 さんはメールの配信停止をしているため、このお願いは送れません。関係性が許せば個別に連絡してください。",
    );
    expect(word(marketingAskBlock({ ...contact, unsubscribedAt: null, suppression: "bounced" }), "ja")).toBe(
      "hanako@example.jp へのメールはバウンスしたため、今後このアドレスには送信しません。",
    );
    expect(word(marketingAskBlock({ ...contact, unsubscribedAt: null, suppression: "complained" }), "en")).toBe(
      "Email to hanako@example.jp was marked as spam, so nothing more is sent there.",
    );
    expect(word(reviewUrlBlock(null), "ja")).toMatch(/^レビューサイトがまだ設定されていません。/);
    expect(reviewUrlBlock("https://review.example")).toBeNull();
    // An action already taken is named in the reader's words, not the English label.
    const done = { label: "Ask for a review", day: "2026-12-07", context: "review" };
    expect(errorMessage("promoterActionDone", done, "ja")).toBe("この回答には 2026-12-07 に「レビューの依頼」を記録済みです。再送はしていません。");
    expect(errorMessage("promoterActionDone", done, "en")).toBe(
      "“Ask for a review” was already recorded for this response on 2026-12-07; nothing was sent again.",
    );
  });
});
