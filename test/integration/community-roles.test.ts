import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { communityCategories, communityMembers } from "../../db/schema";
import { ensureContactMember } from "../../app/models/community-member.server";
import { getSetting, putSetting } from "../../app/models/settings.server";
import { findUserById } from "../../app/models/user.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { suspendMember } from "../../app/services/suspend-community-member.server";
import { requireCommunityReader, type CommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { contactCookie, createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";
import { allowManyPosts } from "../factories/community-moderation";

/*
 * Every customer-facing community route (loader and action) against every kind of person who can
 * arrive: a signed-out visitor while only members read (the default) and while everyone may read,
 * a customer who has not accepted the guidelines yet, a member, a suspended member, staff (a CSM,
 * who moderates, and a viewer, who takes part but moderates nothing), and a member of another
 * account outside a segment-restricted category. A route added under app/routes/community* (or the
 * community API) without a row here fails the completeness check.
 */

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown> | unknown;
type RouteModule = { loader?: Handler; action?: Handler };

const PERSONAS = ["visitor", "visitorEveryone", "newcomer", "member", "suspended", "csm", "viewer", "outsider"] as const;
type Persona = (typeof PERSONAS)[number];
/** "ok": answered (2xx, or a redirect onwards); "sign-in": sent to /login and back; "guidelines": sent to accept them first. */
type Outcome = "ok" | "sign-in" | "guidelines" | 400 | 401 | 403 | 404 | 405 | 409;
type Expected = Record<Persona, Outcome>;

/** Ids the rows act on, made once before the matrix runs. */
type World = {
  topicPath: string;
  topicId: number;
  slug: string;
  /** A reply by the asker's colleague in the open Q&A topic: liked, flagged, accepted, edited. */
  replyId: number;
  /** One reply per persona to delete (a deletion is final, so each persona tries its own target). */
  deletable: Record<Persona, number>;
  restrictedPath: string;
  restrictedId: number;
  restrictedSlug: string;
  restrictedReplyId: number;
  askerHandle: string;
  restrictedCategory: string;
};

/** Signed-in readers read everything open; visitors go to sign in (pages only members read, whatever the setting). */
const READ: Expected = {
  visitor: "sign-in",
  visitorEveryone: "sign-in",
  newcomer: "ok",
  member: "ok",
  suspended: "ok",
  csm: "ok",
  viewer: "ok",
  outsider: "ok",
};
/** Writing as a member: the guidelines first, never while suspended. */
const WRITE: Expected = { ...READ, newcomer: "guidelines", suspended: 403 };
/** What only the community's moderators (CSMs and admins) and, for their own things, the author may do. */
const MODERATE: Expected = { ...WRITE, member: 403, viewer: 403, outsider: 403 };
/** Pages everyone reads when the admin lets everyone read: the home, categories, topics, search and profiles. */
const BROWSE: Expected = { ...READ, visitorEveryone: "ok" };
const PUBLIC = (outcome: Outcome): Expected => Object.fromEntries(PERSONAS.map((persona) => [persona, outcome])) as Expected;

type Row = {
  file: string;
  what: string;
  method: "GET" | "POST";
  path: (w: World) => string;
  params?: (w: World) => Record<string, string>;
  form?: (w: World, persona: Persona) => Record<string, string>;
  expected: Expected;
};

const topicParams = (w: World) => ({ id: String(w.topicId), slug: w.slug });
const restrictedParams = (w: World) => ({ id: String(w.restrictedId), slug: w.restrictedSlug });

const ROWS: Row[] = [
  { file: "community", what: "the community's layout", method: "GET", path: () => "/community", expected: BROWSE },
  { file: "community._index", what: "the home", method: "GET", path: () => "/community", expected: BROWSE },
  {
    file: "community.c.$slug",
    what: "an open category",
    method: "GET",
    path: () => "/community/c/questions",
    params: () => ({ slug: "questions" }),
    expected: BROWSE,
  },
  {
    file: "community.c.$slug",
    what: "a category restricted to the tech-touch segment",
    method: "GET",
    path: (w) => `/community/c/${w.restrictedCategory}`,
    params: (w) => ({ slug: w.restrictedCategory }),
    expected: { ...READ, visitorEveryone: 404, outsider: 404 },
  },
  { file: "community.new", what: "the new-topic form", method: "GET", path: () => "/community/new", expected: { ...READ, newcomer: "guidelines" } },
  {
    file: "community.new",
    what: "publishing a question",
    method: "POST",
    path: () => "/community/new",
    form: (_, persona) => ({ category: "questions", title: `A question from the ${persona}`, body: "How does this work?" }),
    expected: WRITE,
  },
  {
    file: "community.new",
    what: "publishing in the restricted category",
    method: "POST",
    path: () => "/community/new",
    form: (w, persona) => ({ category: w.restrictedCategory, title: `A lounge topic from the ${persona}`, body: "Hello." }),
    expected: { ...WRITE, outsider: 400 },
  },
  {
    file: "community.new",
    // A preview writes nothing: no guidelines or suspension stand in its way.
    what: "previewing a topic",
    method: "POST",
    path: () => "/community/new",
    form: () => ({ intent: "preview", category: "questions", title: "Previewing a question", body: "Draft." }),
    expected: READ,
  },
  { file: "community.profile", what: "the member's own settings", method: "GET", path: () => "/community/profile", expected: READ },
  {
    file: "community.profile",
    what: "saving the member's own settings",
    method: "POST",
    path: () => "/community/profile",
    form: (_, persona) => ({ displayName: `The ${persona}`, title: "", showCompany: "on", language: "en" }),
    // One's name and language are not posts: a suspended member or a newcomer keeps them up to date.
    expected: READ,
  },
  { file: "community.search", what: "search", method: "GET", path: () => "/community/search?q=export", expected: BROWSE },
  { file: "community.similar", what: "similar titles (JSON)", method: "GET", path: () => "/community/similar?title=export%20settings", expected: READ },
  {
    file: "community.t.$id.($slug)",
    what: "an open topic",
    method: "GET",
    path: (w) => w.topicPath,
    params: topicParams,
    expected: BROWSE,
  },
  {
    file: "community.t.$id.($slug)",
    what: "a topic of the restricted category",
    method: "GET",
    path: (w) => w.restrictedPath,
    params: restrictedParams,
    expected: { ...READ, visitorEveryone: 404, outsider: 404 },
  },
  {
    file: "community.t.$id.($slug)",
    what: "a reply",
    method: "POST",
    path: (w) => w.topicPath,
    params: topicParams,
    form: (_, persona) => ({ body: `A reply from the ${persona}.` }),
    expected: WRITE,
  },
  {
    file: "community.t.$id.($slug)",
    what: "a reply in the restricted category",
    method: "POST",
    path: (w) => w.restrictedPath,
    params: restrictedParams,
    form: () => ({ body: "Replying in the lounge." }),
    expected: { ...WRITE, outsider: 404 },
  },
  {
    file: "community.t.$id.($slug)",
    what: "a like",
    method: "POST",
    path: (w) => w.topicPath,
    params: topicParams,
    form: (w) => ({ intent: "like", postId: String(w.replyId) }),
    expected: WRITE,
  },
  {
    file: "community.t.$id.($slug)",
    what: "a like in the restricted category",
    method: "POST",
    path: (w) => w.restrictedPath,
    params: restrictedParams,
    form: (w) => ({ intent: "like", postId: String(w.restrictedReplyId) }),
    expected: { ...WRITE, outsider: 404 },
  },
  {
    file: "community.t.$id.($slug)",
    // Staff get no flag button (they moderate from the queue), but a flag they send is only a note to the moderators.
    what: "a flag",
    method: "POST",
    path: (w) => w.topicPath,
    params: topicParams,
    form: (w) => ({ intent: "flag", postId: String(w.replyId), reason: "spam" }),
    expected: WRITE,
  },
  {
    file: "community.t.$id.($slug)",
    what: "a vote (no category takes votes yet)",
    method: "POST",
    path: (w) => w.topicPath,
    params: topicParams,
    form: (w) => ({ intent: "vote", postId: String(w.replyId) }),
    expected: { ...READ, newcomer: 400, member: 400, suspended: 400, csm: 400, viewer: 400, outsider: 400 },
  },
  {
    file: "community.t.$id.($slug)",
    what: "accepting someone else's answer to someone else's question",
    method: "POST",
    path: (w) => w.topicPath,
    params: topicParams,
    form: (w) => ({ intent: "accept", postId: String(w.replyId) }),
    expected: MODERATE,
  },
  {
    file: "community.t.$id.($slug)",
    what: "editing someone else's post",
    method: "POST",
    path: (w) => w.topicPath,
    params: topicParams,
    form: (w) => ({ intent: "edit", postId: String(w.replyId), body: "Changed by someone else." }),
    expected: MODERATE,
  },
  {
    file: "community.t.$id.($slug)",
    what: "deleting someone else's post",
    method: "POST",
    path: (w) => w.topicPath,
    params: topicParams,
    form: (w, persona) => ({ intent: "delete", postId: String(w.deletable[persona]) }),
    expected: MODERATE,
  },
  {
    file: "community.u.$handle",
    what: "a member's profile",
    method: "GET",
    path: (w) => `/community/u/${w.askerHandle}`,
    params: (w) => ({ handle: w.askerHandle }),
    expected: BROWSE,
  },
  {
    file: "community.u.$handle",
    what: "a handle nobody has",
    method: "GET",
    path: () => "/community/u/nobody-has-this",
    params: () => ({ handle: "nobody-has-this" }),
    expected: { ...READ, visitorEveryone: 404, newcomer: 404, member: 404, suspended: 404, csm: 404, viewer: 404, outsider: 404 },
  },
  { file: "community_.join", what: "the ask-to-join form (for anyone)", method: "GET", path: () => "/community/join", expected: PUBLIC("ok") },
  { file: "community_.join", what: "an empty ask-to-join request", method: "POST", path: () => "/community/join", form: () => ({}), expected: PUBLIC(400) },
  { file: "community_.notifications", what: "the notification list", method: "GET", path: () => "/community/notifications", expected: READ },
  {
    file: "community_.notifications",
    what: "marking all read",
    method: "POST",
    path: () => "/community/notifications",
    form: () => ({ intent: "readAll" }),
    expected: READ,
  },
  { file: "community_.preferences", what: "the notification settings", method: "GET", path: () => "/community/preferences", expected: READ },
  {
    file: "community_.preferences",
    what: "saving the email settings",
    method: "POST",
    path: () => "/community/preferences",
    form: () => ({ intent: "email", frequency: "daily" }),
    expected: READ,
  },
  {
    file: "community_.sitemap[.]xml",
    what: "the sitemap (only when everyone may read)",
    method: "GET",
    path: () => "/community/sitemap.xml",
    expected: { ...PUBLIC(404), visitorEveryone: "ok" },
  },
  {
    file: "community_.unsubscribe.$token",
    what: "an unknown unsubscribe link",
    method: "GET",
    path: () => "/community/unsubscribe/not-a-token",
    params: () => ({ token: "not-a-token" }),
    expected: PUBLIC(404),
  },
  {
    file: "community_.unsubscribe.$token",
    what: "a one-click unsubscribe with an unknown token",
    method: "POST",
    path: () => "/community/unsubscribe/not-a-token",
    params: () => ({ token: "not-a-token" }),
    form: () => ({ "List-Unsubscribe": "One-Click" }),
    expected: PUBLIC(404),
  },
  { file: "community_.watch", what: "the watch endpoint read by GET", method: "GET", path: () => "/community/watch", expected: PUBLIC("ok") },
  {
    file: "community_.watch",
    what: "watching an open topic",
    method: "POST",
    path: () => "/community/watch",
    form: (w) => ({ intent: "watch", target: "topic", id: String(w.topicId), level: "watching", redirectTo: w.topicPath }),
    expected: READ,
  },
  {
    file: "community_.watch",
    what: "watching a topic of the restricted category",
    method: "POST",
    path: () => "/community/watch",
    form: (w) => ({ intent: "watch", target: "topic", id: String(w.restrictedId), level: "watching", redirectTo: w.restrictedPath }),
    expected: { ...READ, outsider: 404 },
  },
  { file: "community_.welcome", what: "the guidelines", method: "GET", path: () => "/community/welcome", expected: READ },
  {
    file: "community_.welcome",
    what: "accepting the guidelines",
    method: "POST",
    path: () => "/community/welcome",
    form: () => ({ redirectTo: "/community" }),
    expected: READ,
  },
  // The API answers to API keys only: a browser's session is no key.
  {
    file: "api.v1.community.topics",
    what: "the topics API with a session but no key",
    method: "GET",
    path: () => "/api/v1/community/topics",
    expected: PUBLIC(401),
  },
  {
    file: "api.v1.community.topics",
    what: "the topics API written to",
    method: "POST",
    path: () => "/api/v1/community/topics",
    form: () => ({}),
    expected: PUBLIC(405),
  },
  // Community programs (issue 14): the ideas roadmap and changelog, user-group events, customer stories.
  { file: "community.roadmap", what: "the ideas roadmap", method: "GET", path: () => "/community/roadmap", expected: BROWSE },
  { file: "community.changelog", what: "the changelog", method: "GET", path: () => "/community/changelog", expected: BROWSE },
  { file: "community.events._index", what: "the events list", method: "GET", path: () => "/community/events", expected: READ },
  {
    file: "community.events.$id",
    what: "an event that does not exist",
    method: "GET",
    path: () => "/community/events/999999",
    params: () => ({ id: "999999" }),
    expected: { ...PUBLIC(404), visitor: "sign-in", visitorEveryone: "sign-in" },
  },
  {
    file: "community.events.$id",
    what: "registering for an event that does not exist",
    method: "POST",
    path: () => "/community/events/999999",
    params: () => ({ id: "999999" }),
    form: () => ({ intent: "register" }),
    expected: { ...PUBLIC(404), visitor: "sign-in", visitorEveryone: "sign-in", csm: 403, viewer: 403 },
  },
  {
    file: "community_.events.$id.calendar",
    what: "an event's calendar file, signed in",
    method: "GET",
    path: () => "/community/events/999999/calendar",
    params: () => ({ id: "999999" }),
    expected: { ...PUBLIC(404), visitor: "sign-in", visitorEveryone: "sign-in" },
  },
  {
    file: "community_.event-calendar.$token",
    what: "a calendar link with a made-up token",
    method: "GET",
    path: () => "/community/event-calendar/not-a-token",
    params: () => ({ token: "not-a-token" }),
    expected: PUBLIC(404),
  },
  {
    file: "community_.event-survey.$token",
    what: "a survey link with a made-up token",
    method: "GET",
    path: () => "/community/event-survey/not-a-token",
    params: () => ({ token: "not-a-token" }),
    expected: PUBLIC(404),
  },
  {
    file: "community_.event-survey.$token",
    what: "answering a survey with a made-up token",
    method: "POST",
    path: () => "/community/event-survey/not-a-token",
    params: () => ({ token: "not-a-token" }),
    form: () => ({ satisfaction: "5" }),
    expected: PUBLIC(404),
  },
  { file: "community.stories._index", what: "the published stories", method: "GET", path: () => "/community/stories", expected: BROWSE },
  {
    file: "community.stories.new",
    what: "the new-story form",
    method: "GET",
    path: () => "/community/stories/new",
    expected: { ...READ, csm: 403, viewer: 403 },
  },
  {
    file: "community.stories.new",
    what: "starting a story",
    method: "POST",
    path: () => "/community/stories/new",
    form: (_, persona) => ({
      title: `How the ${persona} closes the books`,
      industry: "Accounting",
      challenge: "Month-end took two weeks of spreadsheets.",
      solution: "Automated the journal exports.",
      results: "Month-end now takes 3 days.",
      language: "en",
    }),
    // The newcomer accepted the guidelines on an earlier row (the welcome page).
    expected: { ...WRITE, newcomer: "ok", csm: 403, viewer: 403 },
  },
  {
    file: "community.stories.$id",
    what: "a story that does not exist",
    method: "GET",
    path: () => "/community/stories/999999",
    params: () => ({ id: "999999" }),
    expected: { ...PUBLIC(404), visitor: "sign-in" },
  },
  {
    file: "community.stories.$id",
    what: "editing a story that does not exist",
    method: "POST",
    path: () => "/community/stories/999999",
    params: () => ({ id: "999999" }),
    form: () => ({
      intent: "save",
      title: "How we close the books",
      industry: "Accounting",
      challenge: "Month-end took two weeks.",
      solution: "Automated the journal exports.",
      results: "Month-end now takes 3 days.",
      language: "en",
    }),
    expected: { ...PUBLIC(404), visitor: "sign-in", visitorEveryone: "sign-in", suspended: 403 },
  },
];

const ROUTES_DIR = fileURLToPath(new URL("../../app/routes/", import.meta.url));
const communityRouteFiles = readdirSync(ROUTES_DIR)
  .filter((name) => /^(community[._]|community\.tsx|api\.v1\.community)/.test(name))
  .map((name) => name.replace(/\.tsx?$/, ""));
const load = (file: string) => {
  const name = readdirSync(ROUTES_DIR).find((candidate) => candidate.replace(/\.tsx?$/, "") === file);
  if (!name) throw new Error(`no route file ${file}`);
  return import(join(ROUTES_DIR, name)) as Promise<RouteModule>;
};

/** Remix's `data()` value: the body with a status. */
function statusOfData(value: unknown): number | null {
  if (value && typeof value === "object" && "type" in value && (value as { type: unknown }).type === "DataWithResponseInit") {
    return (value as { init?: { status?: number } | null }).init?.status ?? 200;
  }
  return null;
}

function outcomeOf(value: unknown): Outcome {
  const status = value instanceof Response ? value.status : (statusOfData(value) ?? 200);
  if (value instanceof Response && status >= 300 && status < 400) {
    const location = value.headers.get("Location") ?? "";
    if (location.startsWith("/login")) return "sign-in";
    if (location.startsWith("/community/welcome")) return "guidelines";
    return "ok";
  }
  if (status < 300) return "ok";
  return status as Outcome;
}

async function call(handler: Handler, request: Request, params: Record<string, string>): Promise<Outcome> {
  try {
    return outcomeOf(await handler({ request, params, context: {} }));
  } catch (thrown) {
    if (thrown instanceof Response || statusOfData(thrown) !== null) return outcomeOf(thrown);
    throw thrown;
  }
}

async function memberOf(accountId: number, accepted = true) {
  const contact = createContact({ accountId });
  const member = ensureContactMember(db, contact);
  if (accepted) db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, member.id)).run();
  return { contact, member };
}

const readerOf = async (cookie: string): Promise<CommunityReader> => requireCommunityReader(getRequest("/community", cookie));

describe("community routes × who arrives", () => {
  const cookies: Partial<Record<Persona, string>> = {};
  let world: World;
  let suspended: { memberId: number; contactId: number };
  /** The suspended member's session from before the suspension. */
  let sessionBefore: string;
  let csmUser: ReturnType<typeof createStaff>;

  beforeAll(async () => {
    allowManyPosts();
    const tech = createAccount({ segment: "tech" });
    const other = createAccount({ segment: "low" });
    const restrictedCategory = "tech-lounge";
    db.insert(communityCategories)
      .values({ slug: restrictedCategory, kind: "discussion", nameEn: "Tech-touch lounge", nameJa: "テックタッチ専用", segments: ["tech"] })
      .run();

    const asker = await memberOf(tech.id);
    const colleague = await memberOf(tech.id);
    const askerReader = await readerOf(await contactCookie(asker.contact.id));
    const colleagueReader = await readerOf(await contactCookie(colleague.contact.id));
    const open = startTopic(askerReader, { category: "questions", title: "How do I export last month's responses?", body: "Which page?" });
    const reply = replyToTopic(colleagueReader, open.topicId, { body: "From the responses page." });
    const deletable = Object.fromEntries(
      PERSONAS.map((persona) => [persona, replyToTopic(colleagueReader, open.topicId, { body: `Delete me (${persona}).` }).postId]),
    ) as Record<Persona, number>;
    const lounge = startTopic(askerReader, { category: restrictedCategory, title: "Tech-touch lounge introductions", body: "Say hello." });
    const loungeReply = replyToTopic(colleagueReader, lounge.topicId, { body: "Hello!" });
    const slugOf = (path: string) => path.split("/")[4] ?? "";
    world = {
      topicPath: open.path,
      topicId: open.topicId,
      slug: slugOf(open.path),
      replyId: reply.postId,
      deletable,
      restrictedPath: lounge.path,
      restrictedId: lounge.topicId,
      restrictedSlug: slugOf(lounge.path),
      restrictedReplyId: loungeReply.postId,
      askerHandle: asker.member.handle,
      restrictedCategory,
    };

    const newcomer = await memberOf(tech.id, false);
    cookies.newcomer = await contactCookie(newcomer.contact.id);
    cookies.member = await contactCookie((await memberOf(tech.id)).contact.id);
    cookies.outsider = await contactCookie((await memberOf(other.id)).contact.id);
    csmUser = createStaff("csm");
    cookies.csm = await staffCookie(csmUser.id);
    cookies.viewer = await staffCookie(createStaff("viewer").id);
    const toSuspend = await memberOf(tech.id);
    suspended = { memberId: toSuspend.member.id, contactId: toSuspend.contact.id };
    sessionBefore = await contactCookie(toSuspend.contact.id);
    suspendMember(findUserById(csmUser.id)!, { memberId: toSuspend.member.id, until: "2099-12-31", reason: "Repeated advertising" });
    // Signing in again is allowed: a suspended member reads.
    cookies.suspended = await contactCookie(toSuspend.contact.id);
  });

  it("ends a member's session when they are suspended", async () => {
    expect(await call((await load("community._index")).loader!, getRequest("/community", sessionBefore), {})).toBe("sign-in");
    expect(await call((await load("community._index")).loader!, getRequest("/community", cookies.suspended), {})).toBe("ok");
  });

  it("lists every customer-facing community route", () => {
    expect([...new Set(ROWS.map((row) => row.file))].sort()).toEqual([...communityRouteFiles].sort());
  });

  it("has a row for each loader and action", async () => {
    for (const file of communityRouteFiles) {
      const module = await load(file);
      if (module.loader)
        expect(
          ROWS.some((row) => row.file === file && row.method === "GET"),
          `${file} GET`,
        ).toBe(true);
      if (module.action)
        expect(
          ROWS.some((row) => row.file === file && row.method === "POST"),
          `${file} POST`,
        ).toBe(true);
    }
  });

  it("answers each person as the community's rules say", async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    const settings = getSetting("community");
    for (const row of ROWS) {
      const module = await load(row.file);
      const handler = row.method === "GET" ? module.loader : module.action;
      expect(handler, `${row.file} has a ${row.method} handler`).toBeDefined();
      for (const persona of PERSONAS) {
        putSetting("community", { ...settings, readers: persona === "visitorEveryone" ? "everyone" : "members" });
        const path = row.path(world);
        const cookie = cookies[persona];
        const request = row.method === "GET" ? getRequest(path, cookie) : formRequest(path, row.form?.(world, persona) ?? {}, cookie);
        const outcome = await call(handler!, request, row.params?.(world) ?? {});
        seen.push(`${row.file} ${row.method} ${row.what} · ${persona}: ${outcome}`);
        expected.push(`${row.file} ${row.method} ${row.what} · ${persona}: ${row.expected[persona]}`);
      }
    }
    putSetting("community", settings);
    expect(seen).toEqual(expected);
  });

  it("tells a suspended member why and until when, on the topic page and when they try to post", async () => {
    const topic = await load("community.t.$id.($slug)");
    const page = (await topic.loader!({
      request: getRequest(world.topicPath, cookies.suspended),
      params: { id: String(world.topicId), slug: world.slug },
      context: {},
    })) as {
      mayPost: boolean;
      suspension: { until: string; reason: string } | null;
      posts: { may: Record<string, boolean> }[];
    };
    expect(page.mayPost).toBe(false);
    expect(page.suspension).toEqual({ until: "2099-12-31", reason: "Repeated advertising" });
    // No post offers them anything to do but read.
    expect(page.posts.length).toBeGreaterThan(0);
    for (const post of page.posts) expect(Object.values(post.may).some(Boolean)).toBe(false);
    const newTopic = (await (
      await load("community.new")
    ).loader!({ request: getRequest("/community/new", cookies.suspended), params: {}, context: {} })) as {
      suspension: { until: string; reason: string } | null;
    };
    expect(newTopic.suspension).toEqual({ until: "2099-12-31", reason: "Repeated advertising" });

    const refused = await topic.action!({
      request: formRequest(world.topicPath, { body: "Let me post anyway." }, cookies.suspended),
      params: { id: String(world.topicId), slug: world.slug },
      context: {},
    });
    const message = JSON.stringify(refused);
    expect(message).toContain("2099-12-31");
    expect(message).toContain("Repeated advertising");
    expect(db.select().from(communityMembers).where(eq(communityMembers.id, suspended.memberId)).get()!.replyCount).toBe(0);
  });
});
