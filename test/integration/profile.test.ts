import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, staffSessions, users } from "../../db/schema";
import { wordMessage } from "../../app/domain/field-message";
import { loader as rootLoader } from "../../app/root";
import { action as profileAction, loader as profileLoader } from "../../app/routes/cs.profile";
import { PASSWORD_CHANGE_LIMIT } from "../../app/services/change-own-password.server";
import { db } from "../../app/utils/db.server";
import { hashPassword, verifyPassword } from "../../app/utils/password.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

const args = (request: Request) => ({ request, params: {}, context: {} });
const PASSWORD = "the-current-password-1";
const NEW_PASSWORD = "a-brand-new-password-2";

type Reply = { data: { intent: string; result: { error?: Record<string, string[]> } }; init?: ResponseInit | null };

/** The response a handler answered with, whether it returned or threw it. */
async function settle(promise: Promise<unknown>): Promise<Response | Reply> {
  try {
    return (await promise) as Response | Reply;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}
const statusOf = (result: Response | Reply) => (result instanceof Response ? result.status : (result.init?.status ?? 200));
const errorsOf = (result: Response | Reply, field: string, language: "en" | "ja" = "en") =>
  ((result as Reply).data.result.error?.[field] ?? []).map((message) => wordMessage(message, language));
const userRow = (id: number) => db.select().from(users).where(eq(users.id, id)).get()!;
const auditActions = (id: number) =>
  db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.entity, "user"), eq(auditLog.entityId, String(id))))
    .all()
    .map((row) => row.action);

describe("/cs/profile", () => {
  it("shows a person their own name, email and role, in their language", async () => {
    const me = createStaff("viewer", { name: "佐藤 花子", locale: "ja" });
    const page = await profileLoader(args(getRequest("/cs/profile", await staffCookie(me.id))));
    expect(page).toMatchObject({ title: "プロフィール · Kizuna コンソール", me: { name: "佐藤 花子", email: me.email, role: "viewer", language: "ja" } });
  });

  it("saves the language chosen there, and the whole console follows it", async () => {
    const me = createStaff("csm", { locale: "en" });
    const cookie = await staffCookie(me.id);
    const saved = await settle(profileAction(args(formRequest("/cs/profile", { intent: "language", locale: "ja" }, cookie))));
    expect(statusOf(saved)).toBe(302);
    expect((saved as Response).headers.get("Location")).toBe("/cs/profile?done=language");
    expect(userRow(me.id).locale).toBe("ja");
    expect(await rootLoader(args(getRequest("/cs", cookie, { "Accept-Language": "en-US" })))).toEqual({ language: "ja" });
    expect(await profileLoader(args(getRequest("/cs/profile?done=language", cookie)))).toMatchObject({ done: "表示言語を保存しました。" });

    await profileAction(args(formRequest("/cs/profile", { intent: "language", locale: "en" }, cookie)));
    expect(await rootLoader(args(getRequest("/cs", cookie, { "Accept-Language": "ja" })))).toEqual({ language: "en" });
  });

  it("refuses a language it does not speak, an unknown form and a signed-out change, writing nothing", async () => {
    const me = createStaff("viewer", { locale: "ja" });
    const cookie = await staffCookie(me.id);
    for (const locale of ["fr", "", "EN", "ja-JP"]) {
      const refused = await settle(profileAction(args(formRequest("/cs/profile", { intent: "language", locale }, cookie))));
      expect(statusOf(refused), locale).toBe(400);
      expect(errorsOf(refused, "locale", "ja"), locale).toEqual(["English または日本語を選んでください。"]);
    }
    expect(statusOf(await settle(profileAction(args(formRequest("/cs/profile", { locale: "en" }, cookie)))))).toBe(400);
    const signedOut = await settle(profileAction(args(formRequest("/cs/profile", { intent: "language", locale: "en" }))));
    expect((signedOut as Response).headers.get("Location")).toMatch(/^\/cs\/login/);
    expect(userRow(me.id).locale).toBe("ja");
  });

  it("changes the password only with the current one, signs out the other sessions and audits it", async () => {
    const me = createStaff("csm", { passwordHash: await hashPassword(PASSWORD) });
    const cookie = await staffCookie(me.id);
    await staffCookie(me.id); // another device
    const before = userRow(me.id).passwordHash;

    const wrong = await settle(
      profileAction(
        args(formRequest("/cs/profile", { intent: "password", currentPassword: "a-guess-guess", password: NEW_PASSWORD, confirm: NEW_PASSWORD }, cookie)),
      ),
    );
    expect(statusOf(wrong)).toBe(400);
    expect(errorsOf(wrong, "currentPassword")).toEqual(["That is not your current password."]);
    expect(JSON.stringify(wrong)).not.toContain(NEW_PASSWORD);
    expect(userRow(me.id).passwordHash).toBe(before);

    const short = await settle(
      profileAction(args(formRequest("/cs/profile", { intent: "password", currentPassword: PASSWORD, password: "short", confirm: "short" }, cookie))),
    );
    expect(statusOf(short)).toBe(400);
    expect(errorsOf(short, "password")).toEqual(["Use at least 12 characters."]);
    const mismatch = await settle(
      profileAction(
        args(formRequest("/cs/profile", { intent: "password", currentPassword: PASSWORD, password: NEW_PASSWORD, confirm: "something-else-1" }, cookie)),
      ),
    );
    expect(errorsOf(mismatch, "confirm")).toEqual(["The two passwords do not match."]);
    expect(userRow(me.id).passwordHash).toBe(before);

    const changed = await settle(
      profileAction(args(formRequest("/cs/profile", { intent: "password", currentPassword: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, cookie))),
    );
    expect(statusOf(changed)).toBe(302);
    expect(await verifyPassword(userRow(me.id).passwordHash, NEW_PASSWORD)).toBe(true);
    // This session stays; the other device is signed out.
    expect(db.select().from(staffSessions).where(eq(staffSessions.userId, me.id)).all()).toHaveLength(1);
    expect(statusOf(await settle(profileLoader(args(getRequest("/cs/profile", cookie)))))).toBe(200);
    expect(auditActions(me.id)).toEqual(["user.password_change_failed", "user.password_changed"]);
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain(NEW_PASSWORD);
  });

  it("stops guessing the current password after a few wrong ones, even with the right one, and says when to try again", async () => {
    const me = createStaff("viewer", { passwordHash: await hashPassword(PASSWORD), locale: "ja" });
    const cookie = await staffCookie(me.id);
    const attempt = (currentPassword: string) =>
      settle(profileAction(args(formRequest("/cs/profile", { intent: "password", currentPassword, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, cookie))));
    for (let i = 0; i < PASSWORD_CHANGE_LIMIT.limit; i++) expect(statusOf(await attempt(`wrong-guess-${i}`))).toBe(400);
    const blocked = await attempt(PASSWORD);
    expect(statusOf(blocked)).toBe(429);
    expect((blocked as Reply).data.result.error?.[""]).toEqual(["パスワードの誤りが多すぎます。15 分後にもう一度お試しください。"]);
    expect(await verifyPassword(userRow(me.id).passwordHash, PASSWORD)).toBe(true);
    expect(auditActions(me.id)).toContain("user.password_change_throttled");
  });
});

describe("the console's refusals, in the reader's language", () => {
  it("words a 403, a malformed id and an unknown user for a Japanese reader", async () => {
    const { loader: usersLoader } = await import("../../app/routes/cs.users");
    const { loader: userLoader } = await import("../../app/routes/cs.users_.$id");
    const viewer = createStaff("viewer", { locale: "ja" });
    const forbidden = await settle(usersLoader(args(getRequest("/cs/users", await staffCookie(viewer.id)))));
    expect(statusOf(forbidden)).toBe(403);
    expect(await (forbidden as Response).text()).toBe("あなたのロール（閲覧者）ではこの操作（manage:user:any）はできません。");

    const admin = createStaff("admin", { locale: "ja" });
    const cookie = await staffCookie(admin.id);
    const badId = await settle(userLoader({ request: getRequest("/cs/users/abc", cookie), params: { id: "abc" }, context: {} }));
    expect(statusOf(badId)).toBe(400);
    // The error page words the code in the reader's language.
    const badIdBody = await (badId as Response).text();
    expect(wordMessage(badIdBody, "ja")).toBe("「abc」は ID ではありません。ID は正の整数です。");
    expect(wordMessage(badIdBody, "en")).toBe("“abc” is not an id; ids are positive whole numbers.");
    const missing = await settle(userLoader({ request: getRequest("/cs/users/999999", cookie), params: { id: "999999" }, context: {} }));
    expect(statusOf(missing)).toBe(404);
    expect(wordMessage(await (missing as Response).text(), "ja")).toBe("そのユーザーは存在しません。");
  });
});
