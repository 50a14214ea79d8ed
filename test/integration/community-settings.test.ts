import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog, communityCategories } from "../../db/schema";
import { DEFAULT_COMMUNITY_QUEUE_SETTINGS } from "../../app/domain/community-console";
import { DEFAULT_COMMUNITY_SETTINGS } from "../../app/domain/community-settings";
import { readFieldMessage } from "../../app/domain/field-message";
import { action, loader } from "../../app/routes/cs.community.settings";
import { loader as sitemapLoader } from "../../app/routes/community_.sitemap[.]xml";
import { loader as robotsLoader } from "../../app/routes/robots[.]txt";
import { getSetting, putSetting } from "../../app/models/settings.server";
import { canonicalTopicUrl, communitySitemap, mayReadAnonymously, topicCanonicalLinks } from "../../app/services/community-settings.server";
import { db, sqlite } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";
import { categoryId, createMember, createTopic } from "../factories/community-participation";

const args = (request: Request) => ({ request, params: {}, context: {} });
const changes = () => (sqlite().prepare("SELECT total_changes() AS n").get() as { n: number }).n;

afterEach(() => putSetting("community", DEFAULT_COMMUNITY_SETTINGS));

async function post(form: Record<string, string>, role: "admin" | "csm" = "admin") {
  const staff = createStaff(role);
  const result = await action(args(formRequest("/cs/community/settings", form, await staffCookie(staff.id))));
  const { data: payload, init } = result as { data: { saved: boolean; result: { error?: Record<string, string[]> } }; init?: ResponseInit | null };
  return { staff, status: init?.status ?? 200, payload: payload ?? (result as never) };
}

describe("community settings", () => {
  it("members only by default: no anonymous reading, no canonical link, the sitemap is a 404 and robots.txt names none", async () => {
    expect(mayReadAnonymously()).toBe(false);
    expect(topicCanonicalLinks({ id: 1, slug: "x" })).toEqual([]);
    const sitemap = await sitemapLoader(args(getRequest("/community/sitemap.xml")));
    expect(sitemap.status).toBe(404);
    const robots = await (await robotsLoader()).text();
    expect(robots).toContain("Disallow: /cs/");
    expect(robots).not.toContain("Sitemap:");
  });

  it("an admin opens the community to everyone and changes the guidelines: saved, audited, and the sitemap lists readable topics only", async () => {
    const { staff, status, payload } = await post({ readers: "everyone", guidelinesEn: "Be nice.", guidelinesJa: "親切に。" });
    expect(status).toBe(200);
    expect(payload.saved).toBe(true);
    expect(getSetting("community")).toMatchObject({ readers: "everyone", guidelines: { en: "Be nice.", ja: "親切に。" }, guidelinesUpdatedAt: null });
    const [entry] = db.select().from(auditLog).where(eq(auditLog.actorUserId, staff.id)).all();
    expect(entry).toMatchObject({ action: "community.settings_updated", entity: "settings", entityId: "community" });

    const author = createMember({ contactId: createContact().id });
    const open = createTopic(author.id, { category: "questions", slug: "how-to-export" });
    const hidden = createTopic(author.id, { hiddenAt: new Date() });
    const deleted = createTopic(author.id, { deletedAt: new Date() });
    db.update(communityCategories)
      .set({ segments: ["high"] })
      .where(eq(communityCategories.id, categoryId("tips")))
      .run();
    const restricted = createTopic(author.id, { category: "tips" });

    const response = await sitemapLoader(args(getRequest("/community/sitemap.xml")));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("application/xml");
    const xml = await response.text();
    expect(xml).toContain(`<loc>${env().APP_URL}/community/t/${open.id}/how-to-export</loc>`);
    for (const left of [hidden, deleted, restricted]) expect(xml).not.toContain(`/community/t/${left.id}/`);
    expect(canonicalTopicUrl(open)).toBe(`${env().APP_URL}/community/t/${open.id}/how-to-export`);
    expect(topicCanonicalLinks(open)).toEqual([{ tagName: "link", rel: "canonical", href: canonicalTopicUrl(open) }]);
    expect(await (await robotsLoader()).text()).toContain(`Sitemap: ${env().APP_URL}/community/sitemap.xml`);
    db.update(communityCategories)
      .set({ segments: null })
      .where(eq(communityCategories.id, categoryId("tips")))
      .run();
  });

  it("a large community gets a sitemap index of pages, and a page past the end is a 404", async () => {
    putSetting("community", { ...DEFAULT_COMMUNITY_SETTINGS, readers: "everyone" });
    const author = createMember({ contactId: createContact().id });
    for (let i = 0; i < 5; i++) createTopic(author.id);
    const index = communitySitemap(null, 2)!;
    expect(index).toContain("<sitemapindex");
    const pages = [...index.matchAll(/<loc>[^<]*\?page=(\d+)<\/loc>/g)].map((m) => Number(m[1]));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const urls = pages.flatMap((page) => [...communitySitemap(page, 2)!.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
    expect(new Set(urls).size).toBe(urls.length);
    expect(communitySitemap(pages.length + 1, 2)).toBeNull();
    expect((await sitemapLoader(args(getRequest("/community/sitemap.xml?page=abc")))).status).toBe(404);
  });

  it("refuses bad input with field errors and writes nothing", async () => {
    const admin = createStaff("admin");
    const cookie = await staffCookie(admin.id);
    const before = changes();
    const result = await action(args(formRequest("/cs/community/settings", { readers: "robots", guidelinesEn: "", guidelinesJa: "x".repeat(20_001) }, cookie)));
    const { data: payload, init } = result as { data: { result: { error?: Record<string, string[]> } }; init?: ResponseInit | null };
    const status = init?.status;
    expect(status).toBe(400);
    expect(Object.keys(payload.result.error ?? {}).sort()).toEqual(["guidelinesEn", "guidelinesJa", "readers"]);
    // Reading the session may refresh it; nothing else is written.
    expect(changes() - before).toBeLessThanOrEqual(1);
    expect(getSetting("community")).toEqual(DEFAULT_COMMUNITY_SETTINGS);
  });

  it("is an admin's page: a CSM is refused on GET and POST", async () => {
    const csm = createStaff("csm");
    const cookie = await staffCookie(csm.id);
    await expect(loader(args(getRequest("/cs/community/settings", cookie)))).rejects.toMatchObject({ status: 403 });
    await expect(
      action(args(formRequest("/cs/community/settings", { readers: "everyone", guidelinesEn: "a", guidelinesJa: "b" }, cookie))),
    ).rejects.toMatchObject({
      status: 403,
    });
    expect(getSetting("community").readers).toBe("members");
  });
});

describe("the unanswered-queue setting", () => {
  afterEach(() => putSetting("communityQueue", DEFAULT_COMMUNITY_QUEUE_SETTINGS));
  const queueAudits = () => db.select().from(auditLog).where(eq(auditLog.action, "community.queue_settings_updated")).all();

  it("an admin sets the hours: saved, audited with before and after, and the unanswered queue uses them", async () => {
    const { loader: unansweredLoader } = await import("../../app/routes/cs.community.unanswered");
    const { staff, status, payload } = await post({ intent: "queue", unansweredAfterHours: "48" });
    expect(status).toBe(200);
    expect(payload.saved).toBe(true);
    expect(getSetting("communityQueue")).toEqual({ unansweredAfterHours: 48 });
    expect(queueAudits()).toEqual([expect.objectContaining({ actorUserId: staff.id, detail: { before: 24, after: 48 } })]);
    // The other form's settings are untouched.
    expect(getSetting("community")).toEqual(DEFAULT_COMMUNITY_SETTINGS);
    const page = (await loader(args(getRequest("/cs/community/settings", await staffCookie(staff.id))))) as { queue: { unansweredAfterHours: number } };
    expect(page.queue.unansweredAfterHours).toBe(48);
    const csm = createStaff("csm");
    const queue = (await unansweredLoader(args(getRequest("/cs/community/unanswered", await staffCookie(csm.id))))) as { hours: number };
    expect(queue.hours).toBe(48);
  });

  it("refuses hours outside 1–720 or not whole with a 400 naming the field, and writes nothing", async () => {
    const audited = queueAudits().length;
    for (const value of ["0", "721", "1.5", "", "abc", "-3"]) {
      const { status, payload } = await post({ intent: "queue", unansweredAfterHours: value });
      expect(status, value).toBe(400);
      const message = payload.result.error?.unansweredAfterHours?.[0] ?? "";
      expect(readFieldMessage(message)?.code, value).toBe("communityUnansweredHours");
    }
    expect(getSetting("communityQueue")).toEqual(DEFAULT_COMMUNITY_QUEUE_SETTINGS);
    expect(queueAudits()).toHaveLength(audited);
  });

  it("is for admins: a CSM's post is refused with a 403", async () => {
    const refused = await post({ intent: "queue", unansweredAfterHours: "48" }, "csm").catch((error: Response) => ({ status: error.status }));
    expect(refused.status).toBe(403);
    expect(getSetting("communityQueue")).toEqual(DEFAULT_COMMUNITY_QUEUE_SETTINGS);
  });
});
