import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, communityCategories } from "../../db/schema";
import { action, loader } from "../../app/routes/cs.community.categories";
import { db, sqlite } from "../../app/utils/db.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

const args = (request: Request) => ({ request, params: {}, context: {} });
const changes = () => (sqlite().prepare("SELECT total_changes() AS n").get() as { n: number }).n;
const bySlug = (slug: string) => db.select().from(communityCategories).where(eq(communityCategories.slug, slug)).get();

type Answer = { ok: boolean; message?: string; result: { error?: Record<string, string[]> } };
async function submit(form: Record<string, string | string[]>, role: "admin" | "csm" | "viewer" = "admin") {
  const staff = createStaff(role);
  const cookie = await staffCookie(staff.id);
  const before = changes();
  const result = (await action(args(formRequest("/cs/community/categories", form, cookie)))) as { data: Answer; init?: ResponseInit | null };
  return { staff, status: result.init?.status ?? 200, answer: result.data, written: changes() - before };
}

const fields = {
  nameEn: "How-to",
  nameJa: "使い方",
  descriptionEn: "Guides by members",
  descriptionJa: "メンバーによるガイド",
  position: "40",
  colour: "#0EA5E9",
  kind: "discussion",
};

describe("community category admin", () => {
  it("an admin creates a category with both languages, segments and staff-only topics; it is audited", async () => {
    const { staff, status, answer } = await submit({ intent: "create", slug: "how-to", ...fields, staffOnlyTopics: "on", segments: ["tech", "low"] });
    expect(status).toBe(200);
    expect(answer.ok).toBe(true);
    const row = bySlug("how-to")!;
    expect(row).toMatchObject({
      nameEn: "How-to",
      nameJa: "使い方",
      kind: "discussion",
      colour: "#0ea5e9",
      position: 40,
      staffOnlyTopics: true,
      segments: ["low", "tech"],
    });
    const entry = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, staff.id), eq(auditLog.action, "community.category_created")))
      .get();
    expect(entry?.entityId).toBe(String(row.id));
  });

  it("renaming a default category in Japanese keeps its slug and kind; changing its kind is refused on the field", async () => {
    const questions = bySlug("questions")!;
    const { status } = await submit({ intent: "update", id: String(questions.id), ...fields, kind: "qa", nameJa: "質問と回答" });
    expect(status).toBe(200);
    expect(bySlug("questions")).toMatchObject({ id: questions.id, slug: "questions", kind: "qa", nameJa: "質問と回答" });

    const refused = await submit({ intent: "update", id: String(questions.id), ...fields, kind: "discussion" });
    expect(refused.status).toBe(400);
    expect(refused.answer.result.error?.kind?.[0]).toContain("questions");
    expect(bySlug("questions")!.kind).toBe("qa");
    // The refusal is worded in the admin's language.
    const ja = createStaff("admin", { locale: "ja" });
    const result = (await action(
      args(formRequest("/cs/community/categories", { intent: "update", id: String(questions.id), ...fields, kind: "announcements" }, await staffCookie(ja.id))),
    )) as { data: Answer };
    expect(result.data.result.error?.kind?.[0]).toMatch(/変更できません/);
  });

  it("refuses a taken slug (409 on the slug) and bad fields (400, each on its field), writing nothing", async () => {
    const taken = await submit({ intent: "create", slug: "tips", ...fields });
    expect(taken.status).toBe(409);
    expect(Object.keys(taken.answer.result.error ?? {})).toEqual(["slug"]);
    expect(bySlug("tips")!.nameJa).not.toBe("使い方");

    const bad = await submit({
      intent: "create",
      slug: "Bad Slug!",
      nameEn: "",
      nameJa: "x".repeat(61),
      position: "abc",
      colour: "blue",
      kind: "events",
      segments: "vip",
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.answer.result.error ?? {}).sort()).toEqual(["colour", "kind", "nameEn", "nameJa", "position", "segments[0]", "slug"]);
    expect(bad.written).toBeLessThanOrEqual(1); // at most the session's refresh
    expect(bySlug("bad-slug")).toBeUndefined();

    const missing = await submit({ intent: "update", id: "999999", ...fields });
    expect(missing.status).toBe(404);
  });

  it("lists the categories in order with the one being edited", async () => {
    const admin = createStaff("admin", { locale: "ja" });
    const questions = bySlug("questions")!;
    const page = (await loader(args(getRequest(`/cs/community/categories?edit=${questions.id}`, await staffCookie(admin.id))))) as {
      title: string;
      categories: { slug: string; position: number }[];
      editing: { slug: string } | null;
    };
    expect(page.title).toContain("カテゴリ");
    expect(page.categories.map((c) => c.slug)).toEqual(expect.arrayContaining(["questions", "tips", "announcements"]));
    const positions = page.categories.map((c) => c.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(page.editing?.slug).toBe("questions");
  });

  it("is an admin's page: CSMs and viewers are refused", async () => {
    for (const role of ["csm", "viewer"] as const) {
      const staff = createStaff(role);
      const cookie = await staffCookie(staff.id);
      await expect(loader(args(getRequest("/cs/community/categories", cookie)))).rejects.toMatchObject({ status: 403 });
      await expect(action(args(formRequest("/cs/community/categories", { intent: "create", slug: "nope", ...fields }, cookie)))).rejects.toMatchObject({
        status: 403,
      });
    }
    expect(bySlug("nope")).toBeUndefined();
  });
});
