import { count, eq, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, jobs, responseTags, responses, tagRules, tags } from "../../db/schema";
import "../../app/jobs.server";
import { backfillTagRules, TAG_RULES_BACKFILL_JOB, tagRulesBackfillProgress } from "../../app/jobs/tag-rules-backfill.server";
import { action as detailAction } from "../../app/routes/cs.responses.$id";
import { action as untaggedAction, loader as untaggedLoader } from "../../app/routes/cs.responses.untagged";
import { action as tagsAction, loader as tagsLoader } from "../../app/routes/cs.tags";
import { listUntaggedResponses } from "../../app/services/list-untagged-responses.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { runResponsePipeline } from "../../app/services/run-response-pipeline.server";
import { db } from "../../app/utils/db.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";
import { createInvitation } from "../factories/nps";

type Wrapped = { type: "DataWithResponseInit"; data: { ok: boolean; message: string }; init: { status?: number } | null };

/** Calls a loader or action; a thrown Response comes back as one, a `data()` result as status + body. */
async function call(handler: (args: never) => Promise<unknown>, request: Request, params: Record<string, string> = {}) {
  try {
    const value = (await handler({ request, params, context: {} } as never)) as Wrapped | Record<string, unknown>;
    if ((value as Wrapped).type === "DataWithResponseInit") return { status: (value as Wrapped).init?.status ?? 200, body: (value as Wrapped).data };
    return { status: 200, body: value as Record<string, unknown> };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: { message: await thrown.text() } };
    throw thrown;
  }
}

const cookies = new Map<string, string>();
async function cookieOf(role: "admin" | "csm" | "viewer") {
  if (!cookies.has(role)) cookies.set(role, await staffCookie(createStaff(role).id));
  return cookies.get(role)!;
}

async function tagsPost(form: Record<string, string>, role: "admin" | "csm" | "viewer" = "admin") {
  return call(tagsAction, formRequest("/cs/tags", form, await cookieOf(role)));
}

let ip = 0;
/** Records an answer (a new contact unless one is given) and runs the pipeline as the worker would. */
async function answer(score: number, comment: string | undefined, options: { token?: string; locale?: "en" | "ja" } = {}) {
  const token = options.token ?? createInvitation({ locale: options.locale }).token;
  const result = recordNpsResponse(token, String(score), comment, `198.51.100.${++ip % 250}`);
  if (result.kind !== "recorded") throw new Error(result.kind);
  await runResponsePipeline(result.responseId);
  return { id: result.responseId, token };
}

function tagsOf(responseId: number) {
  return db
    .select({ name: tags.name, source: responseTags.source })
    .from(responseTags)
    .innerJoin(tags, eq(tags.id, responseTags.tagId))
    .where(eq(responseTags.responseId, responseId))
    .orderBy(tags.name)
    .all();
}

async function createTagWithRule(name: string, keywords: string) {
  const created = await tagsPost({ intent: "create", name });
  expect(created.status).toBe(200);
  const tag = db.select().from(tags).where(eq(tags.name, name)).get()!;
  const saved = await tagsPost({ intent: "rule", tagId: String(tag.id), keywords });
  expect(saved).toMatchObject({ status: 200, body: { ok: true } });
  return tag;
}

const rowCount = (table: SQLiteTable) => db.select({ n: count() }).from(table).get()!.n;

const counts = () => ({
  tags: rowCount(tags),
  rules: rowCount(tagRules),
  responseTags: rowCount(responseTags),
  jobs: rowCount(jobs),
  audit: rowCount(auditLog),
});

beforeEach(() => {
  for (const table of [responseTags, tagRules, tags, jobs, responses]) db.delete(table).run();
});

describe("manual tags on a response", () => {
  it("adds an existing tag, creates a new one by name, and removes them (csm)", async () => {
    const { id } = await answer(4, "Exports are slow");
    const csm = await cookieOf("csm");
    const path = `/cs/responses/${id}`;
    expect(await call(detailAction, formRequest(path, { intent: "new-tag", name: "  Exports  " }, csm), { id: String(id) })).toMatchObject({
      status: 200,
      body: { ok: true, message: "Tagged “Exports”." },
    });
    const exportsTag = db.select().from(tags).where(eq(tags.name, "Exports")).get()!;
    // The same name in another case is the same tag, not a second one.
    expect(await call(detailAction, formRequest(path, { intent: "new-tag", name: "exports" }, csm), { id: String(id) })).toMatchObject({
      body: { message: "Already tagged “Exports”." },
    });
    const other = (await tagsPost({ intent: "create", name: "Onboarding" })).status;
    expect(other).toBe(200);
    const onboarding = db.select().from(tags).where(eq(tags.name, "Onboarding")).get()!;
    await call(detailAction, formRequest(path, { intent: "add-tag", tagId: String(onboarding.id) }, csm), { id: String(id) });
    expect(tagsOf(id)).toEqual([
      { name: "Exports", source: "manual" },
      { name: "Onboarding", source: "manual" },
    ]);
    expect(await call(detailAction, formRequest(path, { intent: "remove-tag", tagId: String(exportsTag.id) }, csm), { id: String(id) })).toMatchObject({
      status: 200,
      body: { message: "Tag removed." },
    });
    expect(tagsOf(id)).toEqual([{ name: "Onboarding", source: "manual" }]);
  });

  it("refuses a viewer, bad input and unknown ids with nothing written", async () => {
    const { id } = await answer(4, "Exports are slow");
    const before = counts();
    const path = `/cs/responses/${id}`;
    expect((await call(detailAction, formRequest(path, { intent: "new-tag", name: "X" }, await cookieOf("viewer")), { id: String(id) })).status).toBe(403);
    const csm = await cookieOf("csm");
    expect((await call(detailAction, formRequest(path, { intent: "new-tag", name: "   " }, csm), { id: String(id) })).status).toBe(400);
    expect((await call(detailAction, formRequest(path, { intent: "new-tag", name: "x".repeat(41) }, csm), { id: String(id) })).status).toBe(400);
    expect((await call(detailAction, formRequest(path, { intent: "add-tag", tagId: "abc" }, csm), { id: String(id) })).status).toBe(400);
    expect((await call(detailAction, formRequest(path, { intent: "add-tag", tagId: "999999" }, csm), { id: String(id) })).status).toBe(404);
    expect((await call(detailAction, formRequest(path, { intent: "explode" }, csm), { id: String(id) })).status).toBe(400);
    expect((await call(detailAction, formRequest("/cs/responses/abc", { intent: "new-tag", name: "X" }, csm), { id: "abc" })).status).toBe(400);
    expect((await call(detailAction, formRequest("/cs/responses/999999", { intent: "new-tag", name: "X" }, csm), { id: "999999" })).status).toBe(404);
    expect(counts()).toEqual(before);
  });
});

describe("keyword rules", () => {
  it("tag new answers in English (whole words) and Japanese (anywhere in the text)", async () => {
    await createTagWithRule("Pricing", "price, expensive\n高い、価格");
    const english = await answer(5, "The prices went up again and it is too expensive.");
    const japanese = await answer(4, "価格が高いです。", { locale: "ja" });
    const fullWidth = await answer(6, "ＰＲＩＣＥ is fine");
    const unrelated = await answer(6, "Priceless support, but slow.");
    const noComment = await answer(9, undefined);
    expect(tagsOf(english.id)).toEqual([{ name: "Pricing", source: "rule" }]);
    expect(tagsOf(japanese.id)).toEqual([{ name: "Pricing", source: "rule" }]);
    expect(tagsOf(fullWidth.id)).toEqual([{ name: "Pricing", source: "rule" }]);
    expect(tagsOf(unrelated.id)).toEqual([]);
    expect(tagsOf(noComment.id)).toEqual([]);
    // The pipeline runs again (a retry): nothing changes.
    await runResponsePipeline(english.id);
    expect(tagsOf(english.id)).toEqual([{ name: "Pricing", source: "rule" }]);
  });

  it("re-tag a changed comment, leaving manual tags alone", async () => {
    await createTagWithRule("Pricing", "expensive, 高い");
    await createTagWithRule("Performance", "slow, 遅い");
    const first = await answer(5, "Too expensive for us.");
    expect(tagsOf(first.id)).toEqual([{ name: "Pricing", source: "rule" }]);
    await call(detailAction, formRequest(`/cs/responses/${first.id}`, { intent: "new-tag", name: "Renewal risk" }, await cookieOf("csm")), {
      id: String(first.id),
    });
    await answer(4, "画面が遅いです", { token: first.token });
    expect(tagsOf(first.id)).toEqual([
      { name: "Performance", source: "rule" },
      { name: "Renewal risk", source: "manual" },
    ]);
  });

  it("a tag added by hand that a rule also matches stays when the rule goes", async () => {
    const pricing = await createTagWithRule("Pricing", "expensive");
    const { id } = await answer(5, "Too expensive.");
    await call(detailAction, formRequest(`/cs/responses/${id}`, { intent: "add-tag", tagId: String(pricing.id) }, await cookieOf("csm")), { id: String(id) });
    expect(tagsOf(id)).toEqual([{ name: "Pricing", source: "manual" }]);
    await tagsPost({ intent: "rule", tagId: String(pricing.id), keywords: "" });
    await runDueJobs();
    expect(tagsOf(id)).toEqual([{ name: "Pricing", source: "manual" }]);
  });

  it("apply to existing comments through a background job, chunk by chunk, with progress", async () => {
    const ids: number[] = [];
    for (const comment of ["slow exports", "遅い", "fine", "very slow", "great", "slowly getting better"]) ids.push((await answer(6, comment)).id);
    const tag = db.insert(tags).values({ name: "Performance", createdAt: Date.now() }).returning().get();
    const saved = await tagsPost({ intent: "rule", tagId: String(tag.id), keywords: "slow, 遅い" });
    expect(saved.body.message).toContain("re-tagged in the background");
    // The rule change commits with its job, and nothing is tagged until the job runs.
    expect(rowCount(responseTags)).toBe(0);
    const job = db.select().from(jobs).where(eq(jobs.type, TAG_RULES_BACKFILL_JOB)).get()!;
    expect(tagRulesBackfillProgress()).toMatchObject({ running: true, percent: 0, upToId: Math.max(...ids) });

    // A clock past the run budget after the first chunk: the job hands the rest to a new one.
    let now = Date.now();
    await backfillTagRules(job.payload, { jobId: job.id, chunk: 2, restMs: 0, clock: () => (now += 30_000) });
    const tagged = () =>
      db
        .select({ id: responseTags.responseId })
        .from(responseTags)
        .all()
        .map((row) => row.id)
        .sort((a, b) => a - b);
    const walks = db.select().from(jobs).where(eq(jobs.type, TAG_RULES_BACKFILL_JOB)).all();
    expect(walks).toHaveLength(2);
    expect(walks[1].payload).toMatchObject({ afterId: ids[1] });
    expect(tagged()).toEqual([ids[0], ids[1]]);

    db.update(jobs).set({ status: "done" }).where(eq(jobs.id, job.id)).run();
    expect(tagRulesBackfillProgress()).toMatchObject({ running: true });
    // The follow-up was queued at the (fast) clock's time.
    await runDueJobs({ clock: () => now });
    expect(tagged()).toEqual([ids[0], ids[1], ids[3]]);
    expect(tagRulesBackfillProgress()).toEqual({ running: false });
    expect(db.select().from(auditLog).where(eq(auditLog.action, "tags.rules_applied")).all().at(-1)?.detail).toMatchObject({ added: 3, removed: 0 });
  });

  it("a later rule change supersedes a walk still under way", async () => {
    const { id } = await answer(6, "slow");
    const tag = db.insert(tags).values({ name: "Performance", createdAt: Date.now() }).returning().get();
    await tagsPost({ intent: "rule", tagId: String(tag.id), keywords: "slow" });
    const older = db.select().from(jobs).where(eq(jobs.type, TAG_RULES_BACKFILL_JOB)).get()!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await tagsPost({ intent: "rule", tagId: String(tag.id), keywords: "slow, 遅い" });
    await backfillTagRules(older.payload, { restMs: 0 });
    expect(tagsOf(id)).toEqual([]);
    await runDueJobs();
    expect(tagsOf(id)).toEqual([{ name: "Performance", source: "rule" }]);
  });
});

describe("the tags page", () => {
  it("lists tags with counts and keywords for everyone; only admins change them", async () => {
    const pricing = await createTagWithRule("Pricing", "expensive");
    await answer(5, "expensive");
    await runDueJobs();
    const page = await call(tagsLoader, getRequest("/cs/tags", await cookieOf("viewer")));
    expect(page.body).toMatchObject({ canManage: false, tags: [{ id: pricing.id, name: "Pricing", responses: 1, keywords: ["expensive"] }] });

    const before = counts();
    const forms: Record<string, string>[] = [
      { intent: "create", name: "New" },
      { intent: "delete", tagId: String(pricing.id) },
      { intent: "rule", tagId: String(pricing.id), keywords: "x" },
    ];
    for (const form of forms) {
      expect((await tagsPost(form, "csm")).status).toBe(403);
      expect((await tagsPost(form, "viewer")).status).toBe(403);
    }
    expect(counts()).toEqual(before);
  });

  it("renames and deletes tags, refusing duplicates and invalid rules with nothing written", async () => {
    const pricing = await createTagWithRule("Pricing", "expensive");
    await tagsPost({ intent: "create", name: "Support" });
    const before = counts();
    expect(await tagsPost({ intent: "create", name: "pricing" })).toMatchObject({ status: 409 });
    expect(await tagsPost({ intent: "rename", tagId: String(pricing.id), name: "SUPPORT" })).toMatchObject({ status: 409 });
    // Each refusal also sits on its field, for the form to show beside the input.
    expect(await tagsPost({ intent: "create", name: "pricing" })).toMatchObject({
      body: { intent: "create", result: { error: { name: [expect.any(String)] } } },
    });
    expect(await tagsPost({ intent: "rename", tagId: String(pricing.id), name: "x".repeat(201) })).toMatchObject({
      status: 400,
      // A code the form words in the reader's language (FieldError).
      body: { intent: "rename", tagId: pricing.id, result: { error: { name: ['@tagName {"max":40}'] } } },
    });
    expect(await tagsPost({ intent: "rule", tagId: String(pricing.id), keywords: Array.from({ length: 51 }, (_, i) => `word${i}`).join(",") })).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining("at most 50 keywords") },
    });
    expect(await tagsPost({ intent: "rule", tagId: String(pricing.id), keywords: "x".repeat(61) })).toMatchObject({ status: 400 });
    expect(await tagsPost({ intent: "rule", tagId: "0", keywords: "x" })).toMatchObject({ status: 400 });
    expect(await tagsPost({ intent: "rule", tagId: "999999", keywords: "x" })).toMatchObject({ status: 404 });
    expect(await tagsPost({ intent: "rename", tagId: String(pricing.id), name: "" })).toMatchObject({ status: 400 });
    expect(await tagsPost({})).toMatchObject({ status: 400 });
    expect(counts()).toEqual(before);

    expect(await tagsPost({ intent: "rename", tagId: String(pricing.id), name: "Price" })).toMatchObject({ status: 200 });
    expect(db.select().from(tags).where(eq(tags.id, pricing.id)).get()?.name).toBe("Price");
    expect(await tagsPost({ intent: "delete", tagId: String(pricing.id) })).toMatchObject({ status: 200 });
    expect(db.select().from(tags).where(eq(tags.id, pricing.id)).get()).toBeUndefined();
    expect(rowCount(tagRules)).toBe(0);
  });

  it("GET changes nothing", async () => {
    await createTagWithRule("Pricing", "expensive");
    const before = counts();
    await call(tagsLoader, getRequest("/cs/tags", await cookieOf("admin")));
    await call(untaggedLoader, getRequest("/cs/responses/untagged", await cookieOf("admin")));
    expect(counts()).toEqual(before);
  });
});

describe("the untagged queue", () => {
  it("lists commented, untagged responses newest first, page by page", async () => {
    await createTagWithRule("Pricing", "expensive");
    const ids: number[] = [];
    for (const comment of ["one", "two", "expensive", "three", undefined, "four"]) ids.push((await answer(6, comment)).id);
    // Same second for all: newest by update time, then id.
    db.update(responses)
      .set({ updatedAt: sql`1700000000000 + ${responses.id}` })
      .run();
    const first = listUntaggedResponses(null, 2);
    expect(first.rows.map((row) => row.comment)).toEqual(["four", "three"]);
    const [updatedAt, id] = first.next!.split("-").map(Number);
    const second = listUntaggedResponses({ updatedAt, id }, 2);
    expect(second.rows.map((row) => row.comment)).toEqual(["two", "one"]);
    expect(second.next).toBeNull();

    const viaLoader = await call(untaggedLoader, getRequest(`/cs/responses/untagged?after=${first.next}`, await cookieOf("viewer")));
    expect(viaLoader.body).toMatchObject({ canTag: false, quickTags: [], rows: [{ comment: "two" }, { comment: "one" }] });
    expect((await call(untaggedLoader, getRequest("/cs/responses/untagged?after=garbage", await cookieOf("viewer")))).status).toBe(400);
  });

  it("quick-tags a row (csm), which leaves the queue; viewers and bad input are refused", async () => {
    const pricing = await createTagWithRule("Pricing", "expensive");
    const { id } = await answer(6, "hmm");
    const csmPage = await call(untaggedLoader, getRequest("/cs/responses/untagged", await cookieOf("csm")));
    expect(csmPage.body).toMatchObject({ canTag: true, quickTags: [{ id: pricing.id, name: "Pricing" }], rows: [{ id }] });

    const before = counts();
    expect(
      (await call(untaggedAction, formRequest("/cs/responses/untagged", { responseId: String(id), tagId: String(pricing.id) }, await cookieOf("viewer"))))
        .status,
    ).toBe(403);
    expect(
      (await call(untaggedAction, formRequest("/cs/responses/untagged", { responseId: "x", tagId: String(pricing.id) }, await cookieOf("csm")))).status,
    ).toBe(400);
    expect(
      (await call(untaggedAction, formRequest("/cs/responses/untagged", { responseId: "999999", tagId: String(pricing.id) }, await cookieOf("csm")))).status,
    ).toBe(404);
    expect(counts()).toEqual(before);

    expect(
      await call(untaggedAction, formRequest("/cs/responses/untagged", { responseId: String(id), tagId: String(pricing.id) }, await cookieOf("csm"))),
    ).toMatchObject({ status: 200, body: { ok: true } });
    expect(tagsOf(id)).toEqual([{ name: "Pricing", source: "manual" }]);
    expect(listUntaggedResponses(null).rows).toEqual([]);
  });
});
