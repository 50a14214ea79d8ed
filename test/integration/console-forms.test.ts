import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { count, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, campaigns, caseEvents, cases, outbox, promoterActions, responses, responseTags, tags } from "../../db/schema";
import { wordMessage } from "../../app/domain/field-message";
import { categoryFor } from "../../app/domain/nps";
import { action as apiKeysAction } from "../../app/routes/cs.api-keys";
import { action as campaignAction } from "../../app/routes/cs.campaigns.$id";
import { action as caseAction } from "../../app/routes/cs.cases.$id";
import { action as detailAction } from "../../app/routes/cs.responses.$id";
import { action as listAction } from "../../app/routes/cs.responses._index";
import { action as untaggedAction } from "../../app/routes/cs.responses.untagged";
import { action as ideaLinkAction } from "../../app/routes/cs.community.ideas.link";
import { action as advocacyAction } from "../../app/routes/cs.accounts_.$id.advocacy";
import { action as newStoryAction } from "../../app/routes/cs.community.stories.new";
import { setUserLocale } from "../../app/models/user.server";
import { openFollowUpCase } from "../../app/services/open-follow-up-case.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, formRequest, staffCookie } from "../factories";

/*
 * Decision 028: every console form is a conform form whose schema lives in app/domain. A bad value
 * comes back as a 4xx with the message on its field (conform's `result.error[field]`), naming the
 * form that was posted, and nothing is written.
 */

const ROUTES_DIR = fileURLToPath(new URL("../../app/routes/", import.meta.url));
const source = (file: string) => readFileSync(join(ROUTES_DIR, file), "utf8");

/** Console routes whose action takes no form of its own, or is not converted yet (say why). */
const NOT_CONFORM: Record<string, string> = {
  "cs.logout.ts": "a button with no fields",
  "cs.language.ts": "the header's language switch: a resource route with no page to show a field on (bad input is a plain 400)",
  "cs.settings.tsx": "forwards each section's form to utils/settings-actions.server, which parses them with conform",
  "cs.import.tsx": "a file upload and its preview, parsed by the import service (not converted yet)",
  // Community programs' console forms (issue 14): zod schemas from app/domain, refusals worded per field, but not through conform yet.
  "cs.community.ideas.$id.tsx": "the idea's triage forms, parsed with app/domain/ideas schemas (not converted to conform yet)",
  "cs.community.stories.new.tsx":
    "the staff story form, parsed with app/domain/stories schemas (not converted to conform yet: conform turns a blank optional field into undefined, which the stories schemas' optional lines refuse as required)",
  "cs.community.stories.$id.tsx": "the story's review forms, parsed with app/domain/stories schemas (not converted to conform yet)",
};
describe("which console actions parse with conform", () => {
  const withAction = readdirSync(ROUTES_DIR).filter((name) => /^cs\..*\.tsx?$/.test(name) && /export (async )?function action\b/.test(source(name)));

  it("finds the forms this check is about (so a rename cannot empty it)", () => {
    for (const file of [
      "cs.cases.$id.tsx",
      "cs.responses.$id.tsx",
      "cs.campaigns.$id.tsx",
      "cs.responses._index.tsx",
      "cs.responses.untagged.tsx",
      "cs.survey.tsx",
    ])
      expect(withAction).toContain(file);
  });

  it("every console action parses its form with conform's parseWithZod and a schema from app/domain", () => {
    for (const file of withAction) {
      if (file in NOT_CONFORM) continue;
      const text = source(file);
      expect(/parseWithZod\(/.test(text), `${file} parses its form with parseWithZod`).toBe(true);
      expect(/from "\.\.\/domain\/[\w-]+"/.test(text), `${file} takes its schema from app/domain`).toBe(true);
      expect(/\.safeParse\(/.test(text), `${file} parses a form with a bare safeParse`).toBe(false);
      // A form schema is not defined in the route: it lives in app/domain beside its rules.
      expect(/from "zod"/.test(text), `${file} builds a zod schema of its own`).toBe(false);
    }
    expect(/parseWithZod\(/.test(source("../utils/settings-actions.server.ts"))).toBe(true);
  });
});

type Wrapped = { type: "DataWithResponseInit"; data: Record<string, any>; init: { status?: number } | null };

/** Runs an action: its status and body (a redirect is its status and location). */
async function run(handler: (args: never) => Promise<unknown>, request: Request, params: Record<string, string> = {}) {
  const value = (await handler({ request, params, context: {} } as never)) as unknown;
  if (value instanceof Response) return { status: value.status, body: { location: value.headers.get("Location") } as Record<string, any> };
  const wrapped = value as Wrapped;
  return { status: wrapped.init?.status ?? 200, body: wrapped.data };
}

const rowsIn = (table: SQLiteTable) => db.select({ n: count() }).from(table).get()!.n;
const written = () => ({
  audit: rowsIn(auditLog),
  cases: rowsIn(cases),
  events: rowsIn(caseEvents),
  outbox: rowsIn(outbox),
  tags: rowsIn(tags),
  responseTags: rowsIn(responseTags),
  promoterActions: rowsIn(promoterActions),
  campaigns: db.select({ status: campaigns.status }).from(campaigns).all(),
});

function answer(score: number, csmUserId: number | null = null) {
  const account = createAccount({ name: "Sakura Logistics", segment: "high", acvAmount: 3_600_000, acvCurrency: "JPY", csmUserId });
  const contact = createContact({ accountId: account.id, name: "Hanako Sato" });
  const at = Date.now();
  return db
    .insert(responses)
    .values({
      contactId: contact.id,
      accountId: account.id,
      score,
      comment: "Exports time out.",
      category: categoryFor(score),
      locale: "en",
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
}

let cookie: string;
let csmId: number;
beforeEach(async () => {
  for (const table of [caseEvents, cases, outbox, auditLog, responseTags, promoterActions, tags, responses, campaigns]) db.delete(table).run();
  const csm = createStaff("csm");
  csmId = csm.id;
  cookie = await staffCookie(csm.id);
});

/** Posts each bad form and checks: a 4xx, the message on the field, the posted form named, nothing written. */
async function expectRefusedOnField(
  post: (form: Record<string, string | string[]>) => Promise<{ status: number; body: Record<string, any> }>,
  cases: { form: Record<string, string | string[]>; field: string; message: RegExp; status?: number; names?: Record<string, unknown> }[],
) {
  for (const { form, field, message, status = 400, names = {} } of cases) {
    const before = written();
    const { status: got, body } = await post(form);
    expect(got, JSON.stringify(form)).toBe(status);
    // A schema's message is a code the page words for its reader; a service's refusal comes worded.
    expect(wordMessage(body.result?.error?.[field]?.[0] ?? "", "en"), JSON.stringify(form)).toMatch(message);
    expect(body.message ?? body.error ?? message.source, JSON.stringify(form)).toMatch(message);
    // Only the field at fault carries a message: no neighbour is blamed.
    expect(
      Object.keys(body.result.error).filter((key) => body.result.error[key]?.length),
      JSON.stringify(form),
    ).toEqual([field]);
    expect(body, JSON.stringify(form)).toMatchObject(names);
    expect(written(), JSON.stringify(form)).toEqual(before);
  }
}

describe("the case page's four forms", () => {
  it("refuse a bad value on its field, on the form that was posted, writing nothing", async () => {
    const response = answer(2, csmId);
    const { caseId } = openFollowUpCase(response.id)!;
    const post = (form: Record<string, string | string[]>) => run(caseAction, formRequest(`/cs/cases/${caseId}`, form, cookie), { id: String(caseId) });
    await expectRefusedOnField(post, [
      { form: { intent: "status", status: "closed" }, field: "status", message: /^Choose a status\.$/, names: { intent: "status" } },
      { form: { intent: "status", status: "wont_fix", reason: "x".repeat(2001) }, field: "reason", message: /at most 2000/, names: { intent: "status" } },
      // The service's refusals land on their field too: won't fix needs a reason, a jump the workflow forbids is about the status.
      { form: { intent: "status", status: "wont_fix", reason: "  " }, field: "reason", message: /Say why/, names: { intent: "status" } },
      {
        form: { intent: "status", status: "resolved" },
        field: "status",
        message: /An open case can become contacted or won.t fix/,
        status: 409,
        names: { intent: "status" },
      },
      { form: { intent: "assign", owner: "everyone" }, field: "owner", message: /^Choose who owns the case\.$/, names: { intent: "assign" } },
      { form: { intent: "assign", owner: "987654" }, field: "owner", message: /active CSM or admin/, names: { intent: "assign" } },
      { form: { intent: "note", note: "   " }, field: "note", message: /^Write the note first\.$/, names: { intent: "note" } },
      { form: { intent: "reply", reply: "\n \n" }, field: "reply", message: /^Write the reply first\.$/, names: { intent: "reply" } },
      { form: { intent: "escalate" }, field: "intent", message: /forms on the page/, names: { intent: null } },
    ]);
  });
});

describe("in the reader's language", () => {
  it("a field's check and a service's refusal are worded for a Japanese reader", async () => {
    const response = answer(2, csmId);
    const { caseId } = openFollowUpCase(response.id)!;
    setUserLocale(csmId, "ja");
    const post = (form: Record<string, string>) => run(caseAction, formRequest(`/cs/cases/${caseId}`, form, cookie), { id: String(caseId) });
    const blank = await post({ intent: "note", note: "   " });
    expect(blank).toMatchObject({ status: 400, body: { intent: "note", message: "メモを入力してください。" } });
    expect(wordMessage(blank.body.result.error.note[0], "ja")).toBe("メモを入力してください。");
    const owner = await post({ intent: "assign", owner: "987654" });
    expect(owner).toMatchObject({
      status: 400,
      body: { intent: "assign", result: { error: { owner: ["ケースの担当にできるのは、有効な CSM または管理者だけです。"] } } },
    });
  });
});

describe("the response page's forms", () => {
  it("refuse a bad value on its field, naming the posted form (and its chip or action), writing nothing", async () => {
    const response = answer(10);
    const post = (form: Record<string, string | string[]>) =>
      run(detailAction, formRequest(`/cs/responses/${response.id}`, form, cookie), { id: String(response.id) });
    await expectRefusedOnField(post, [
      { form: { intent: "add-tag", tagId: "abc" }, field: "tagId", message: /^Choose a tag\.$/, names: { intent: "add-tag", ok: false } },
      { form: { intent: "new-tag", name: "x".repeat(201) }, field: "name", message: /Give the tag a name of 1 to 40 characters/, names: { intent: "new-tag" } },
      { form: { intent: "new-tag", name: "   " }, field: "name", message: /1 to \d+ characters/, names: { intent: "new-tag" } },
      { form: { intent: "remove-tag", tagId: "-4" }, field: "tagId", message: /^Choose a tag\.$/, names: { intent: "remove-tag" } },
      { form: { intent: "promoter", kind: "billboard" }, field: "kind", message: /promoter actions/, names: { intent: "promoter", kind: "billboard" } },
    ]);
    // A tag that has gone is the add-tag form's refusal (about no one field).
    const gone = await post({ intent: "add-tag", tagId: "424242" });
    expect(gone).toMatchObject({ status: 404, body: { intent: "add-tag", ok: false, result: { error: { "": [expect.stringMatching(/no longer exists/)] } } } });
  });
});

describe("the untagged queue's quick tag", () => {
  it("refuses a bad row or tag on that row's form, writing nothing", async () => {
    const response = answer(6);
    const post = (form: Record<string, string | string[]>) => run(untaggedAction, formRequest("/cs/responses/untagged", form, cookie));
    await expectRefusedOnField(post, [
      { form: { responseId: String(response.id), tagId: "one" }, field: "tagId", message: /^Choose a tag\.$/, names: { responseId: response.id } },
      { form: { responseId: "x", tagId: "3" }, field: "responseId", message: /^Choose a response\.$/ },
    ]);
    const gone = await post({ responseId: String(response.id), tagId: "424242" });
    expect(gone).toMatchObject({ status: 404, body: { responseId: response.id, result: { error: { "": [expect.stringMatching(/no longer exists/)] } } } });
  });
});

describe("the response list's bulk assign", () => {
  it("refuses the selection or the owner beside it, writing nothing", async () => {
    const response = answer(3);
    const post = (form: Record<string, string | string[]>) => run(listAction, formRequest("/cs/responses", form, cookie));
    await expectRefusedOnField(post, [
      { form: { owner: String(csmId) }, field: "response", message: /^Select at least one response\.$/ },
      { form: { response: [String(response.id), "nope"], owner: String(csmId) }, field: "response", message: /selection is not valid/ },
      { form: { response: String(response.id), owner: "everyone" }, field: "owner", message: /^Choose who owns the case\.$/ },
      // The service's refusals: an owner who cannot work cases, a response that has gone (the service's `ids` is the page's `response`).
      { form: { response: String(response.id), owner: "987654" }, field: "owner", message: /active CSM or admin/ },
      { form: { response: [String(response.id), "987654"], owner: String(csmId) }, field: "response", message: /no longer exist/, status: 404 },
    ]);
  });
});

describe("the campaign page's close and cancel buttons", () => {
  it("refuse on the button that was pressed, writing nothing", async () => {
    const draft = db
      .insert(campaigns)
      .values({ name: "Q3 pulse", status: "draft", targeting: {} as never, rules: {} as never, createdAt: Date.now() })
      .returning()
      .get();
    const admin = await staffCookie(createStaff("admin").id);
    const post = (form: Record<string, string | string[]>) =>
      run(campaignAction, formRequest(`/cs/campaigns/${draft.id}`, form, admin), { id: String(draft.id) });
    await expectRefusedOnField(post, [
      { form: { intent: "delete" }, field: "intent", message: /Close survey or Cancel campaign/, names: { intent: null } },
      { form: {}, field: "intent", message: /Close survey or Cancel campaign/, names: { intent: null } },
    ]);
    const before = written();
    const close = await post({ intent: "close" });
    expect(close).toMatchObject({
      status: 409,
      body: { intent: "close", result: { error: { "": [expect.stringMatching(/Only a campaign that has been sent/)] } } },
    });
    expect(written()).toEqual(before);
  });
});

describe("the API-key page's revoke button", () => {
  it("refuses a key it cannot identify on the revoke form, writing nothing", async () => {
    const admin = await staffCookie(createStaff("admin").id);
    const post = (form: Record<string, string | string[]>) => run(apiKeysAction, formRequest("/cs/api-keys", form, admin));
    await expectRefusedOnField(post, [
      { form: { intent: "revoke", id: "abc" }, field: "id", message: /could not be identified/, names: { kind: "revoke", id: null } },
    ]);
    const gone = await post({ intent: "revoke", id: "424242" });
    expect(gone).toMatchObject({ status: 404, body: { kind: "revoke", id: 424242, result: { error: { "": [expect.any(String)] } } } });
  });
});

describe("linking an NPS comment to an idea from the response page", () => {
  it("sends a refusal back to the response page as its code beside the field, with what was typed; a missing response is a 400 worded for the reader", async () => {
    const response = answer(3);
    const links = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM idea_response_links`)!.n;
    const post = (form: Record<string, string>) => run(ideaLinkAction, formRequest("/cs/community/ideas/link", form, cookie));
    for (const [idea, code] of [
      ["", "ideaMergeTarget"],
      ["the export one", "ideaMergeTarget"],
      ["#987654", "ideaNotFound"],
    ] as const) {
      const { status, body } = await post({ responseId: String(response.id), idea });
      expect(status, idea).toBe(303);
      const location = new URL(body.location, "http://localhost");
      expect(location.pathname).toBe(`/cs/responses/${response.id}`);
      expect(location.searchParams.get("ideaError"), idea).toBe(code);
      expect(location.searchParams.get("ideaValue"), idea).toBe(idea);
    }
    expect(links()).toBe(0);
    setUserLocale(csmId, "ja");
    for (const responseId of ["", "abc", "-1"]) {
      const refused = await run(ideaLinkAction, formRequest("/cs/community/ideas/link", { responseId, idea: "1" }, cookie)).catch((thrown: unknown) => thrown);
      expect(refused, responseId).toBeInstanceOf(Response);
      expect((refused as Response).status).toBe(400);
      expect(await (refused as Response).text()).toMatch(/ID ではありません/);
    }
    expect(links()).toBe(0);
  });
});

describe("the advocacy page's two log forms", () => {
  it("refuse a bad value on its field, naming the posted form, in the reader's language, writing nothing", async () => {
    const account = createAccount({ name: "Reference Co" });
    const contact = createContact({ accountId: account.id, name: "Aiko Ref" });
    const stranger = createContact({ accountId: createAccount().id });
    const records = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM advocacy_records`)!.n;
    const before = records();
    const post = (form: Record<string, string>) =>
      run(advocacyAction, formRequest(`/cs/accounts/${account.id}/advocacy`, form, cookie), { id: String(account.id) });
    const reference = { intent: "logReference", contactId: String(contact.id), on: "2026-11-02", prospect: "Nagoya Foods", outcome: "positive" };
    const review = { intent: "logReview", contactId: String(contact.id), on: "2026-11-20", site: "itreview", url: "https://www.itreview.jp/r/1" };
    for (const { form, field, message, status = 400 } of [
      { form: { ...reference, on: "2999-01-01" }, field: "on", message: /today or earlier/ },
      { form: { ...reference, prospect: "x".repeat(121) }, field: "prospect", message: /prospect's company/ },
      { form: { ...reference, prospect: "  " }, field: "prospect", message: /Fill in this field/ },
      { form: { ...review, url: "javascript:alert(1)" }, field: "url", message: /https:\/\// },
      { form: { ...review, contactId: "" }, field: "contactId", message: /Choose a contact of this account/ },
      // The service's refusal lands on its field too: a contact of another account.
      { form: { ...review, contactId: String(stranger.id) }, field: "contactId", message: /Choose a contact of this account/, status: 422 },
    ]) {
      const { status: got, body } = await post(form);
      expect(got, JSON.stringify(form)).toBe(status);
      expect(body.intent).toBe(form.intent);
      expect(Object.keys(body.result.error).filter((key) => body.result.error[key]?.length)).toEqual([field]);
      expect(wordMessage(body.result.error[field][0], "en")).toMatch(message);
      expect(body.message).toMatch(message);
      // What was typed comes back with the refusal, so the form keeps it.
      expect(body.result.initialValue).toMatchObject({ intent: form.intent, on: form.on });
    }
    expect(records()).toBe(before);
    setUserLocale(csmId, "ja");
    const ja = await post({ ...reference, on: "2999-01-01" });
    expect(ja.body.message).toMatch(/YYYY-MM-DD/);
    expect(ja.body.message).not.toMatch(/Use a date/);
    expect(records()).toBe(before);
  });
});

describe("the staff's new-story form", () => {
  it("refuses a bad value beside its field in the reader's language, keeps what was typed, writes no story, and takes a story with its optional fields blank", async () => {
    const stories = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM stories`)!.n;
    const before = stories();
    const moderator = createStaff("admin");
    const post = async (form: Record<string, string>) => run(newStoryAction, formRequest("/cs/community/stories/new", form, await staffCookie(moderator.id)));
    const form = {
      accountId: "",
      title: "Hi",
      industry: "Logistics",
      challenge: "Slow exports",
      solution: "Weekly export",
      results: "Saved 4 hours",
      language: "en",
    };
    const refused = await post(form);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.accountId).toBe("Choose an account.");
    expect(refused.body.errors.title).toMatch(/Write a title of \d+ to \d+ characters/);
    expect(refused.body.values).toMatchObject({ title: "Hi", industry: "Logistics", results: "Saved 4 hours" });
    setUserLocale(moderator.id, "ja");
    const ja = await post(form);
    expect(ja.body.errors.accountId).toBe("アカウントを選んでください。");
    expect(stories()).toBe(before);
    // The optional fields left blank are no refusal.
    const account = createAccount({ name: "Story Co" });
    const saved = await post({ ...form, accountId: String(account.id), title: "Weekly exports finance trusts", productArea: "", quote: "", quoteBy: "" });
    expect(saved.status).toBe(303);
    expect(stories()).toBe(before + 1);
  });
});
