import { eq } from "drizzle-orm";
import { communityMembers } from "../../db/schema";
import { SITEMAP_MAX_URLS, sitemapIndexXml, sitemapXml, topicPath } from "../domain/community-urls";
import { CommunityQueueSettings } from "../domain/community-console";
import type { CommunitySettingsInput } from "../domain/community-settings";
import type { Language } from "../locales";
import { audit } from "../models/audit.server";
import { ensureContactMember, type CommunityMember } from "../models/community-member.server";
import { countPublicTopics, listPublicTopics } from "../models/community-sitemap.server";
import { getSetting, putSetting } from "../models/settings.server";
import { env } from "../utils/env.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { renderMarkdown } from "../utils/markdown.server";
import { assertCan } from "./actor.server";

/**
 * Whether people who are not members (signed out, or signed in to nothing) may read the
 * community. Members only by default. The read check of every community page calls this; when it
 * is true, topic pages carry canonical URLs and `/community/sitemap.xml` lists them.
 */
export function mayReadAnonymously(): boolean {
  return getSetting("community").readers === "everyone";
}

const rendered = new Map<Language, { source: string; html: string }>();

/** The guidelines in a language, as safe HTML (rendered once per text, not per request). */
export function communityGuidelines(language: Language): { html: string; updatedAt: number | null } {
  const settings = getSetting("community");
  const source = settings.guidelines[language];
  let cached = rendered.get(language);
  if (cached?.source !== source) rendered.set(language, (cached = { source, html: renderMarkdown(source) }));
  return { html: cached.html, updatedAt: settings.guidelinesUpdatedAt };
}

/** The welcome page's POST: the contact becomes a member (if not yet) and accepts the current guidelines. */
export function acceptGuidelines(contact: { id: number; email: string; name: string | null }, now = Date.now()): CommunityMember {
  return transaction((tx) => {
    const member = ensureContactMember(tx, contact);
    return tx
      .update(communityMembers)
      .set({ guidelinesAcceptedAt: new Date(now) })
      .where(eq(communityMembers.id, member.id))
      .returning()
      .get();
  });
}

/** `/cs/community/settings`: who may read, and the guidelines in both languages. Admins only. */
export function updateCommunitySettings(actor: StaffUser, input: CommunitySettingsInput, ip?: string, now = Date.now()) {
  assertCan({ user: actor }, "manage:community:any");
  return transaction((tx) => {
    const before = getSetting("community");
    const guidelines = { en: input.guidelinesEn, ja: input.guidelinesJa };
    const textChanged = guidelines.en !== before.guidelines.en || guidelines.ja !== before.guidelines.ja;
    const next = { readers: input.readers, guidelines, guidelinesUpdatedAt: input.askAgain && textChanged ? now : before.guidelinesUpdatedAt };
    putSetting("community", next);
    audit(
      {
        actorUserId: actor.id,
        action: "community.settings_updated",
        entity: "settings",
        entityId: "community",
        ip,
        detail: {
          before: before.readers,
          after: next.readers,
          guidelinesChanged: textChanged,
          askAgain: next.guidelinesUpdatedAt !== before.guidelinesUpdatedAt,
        },
      },
      tx,
    );
    return next;
  });
}

/**
 * How long a question waits for an answer before it joins the console's unanswered queue and its
 * account's CSM is alerted (admins; audited with the hours before and after).
 */
export function updateCommunityQueueSettings(actor: StaffUser, input: { unansweredAfterHours: number }, ip?: string) {
  assertCan({ user: actor }, "manage:community:any");
  const next = CommunityQueueSettings.parse({ unansweredAfterHours: input.unansweredAfterHours });
  return transaction((tx) => {
    const before = getSetting("communityQueue");
    putSetting("communityQueue", next);
    audit(
      {
        actorUserId: actor.id,
        action: "community.queue_settings_updated",
        entity: "settings",
        entityId: "communityQueue",
        ip,
        detail: { before: before.unansweredAfterHours, after: next.unansweredAfterHours },
      },
      tx,
    );
    return next;
  });
}

/** A topic's absolute URL, the one search engines should index. */
export function canonicalTopicUrl(topic: { id: number; slug: string }): string {
  return `${env().APP_URL}${topicPath(topic)}`;
}

/**
 * For a topic page's `meta`: its canonical link when everyone may read the community, nothing
 * when only members may (a members-only page is not for search engines).
 */
export function topicCanonicalLinks(topic: { id: number; slug: string }): { tagName: "link"; rel: "canonical"; href: string }[] {
  return mayReadAnonymously() ? [{ tagName: "link", rel: "canonical", href: canonicalTopicUrl(topic) }] : [];
}

/**
 * `/community/sitemap.xml` (and its pages `?page=N`): null (a 404) while the community is for
 * members only, or for a page past the end. Up to `pageSize` topics it is one sitemap; past that
 * the bare URL is a sitemap index of the pages.
 */
export function communitySitemap(page: number | null, pageSize = SITEMAP_MAX_URLS): string | null {
  if (!mayReadAnonymously()) return null;
  const total = countPublicTopics();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (page === null && pages > 1) {
    return sitemapIndexXml(Array.from({ length: pages }, (_, i) => `${env().APP_URL}/community/sitemap.xml?page=${i + 1}`));
  }
  const n = page ?? 1;
  if (n < 1 || n > pages) return null;
  return sitemapXml(listPublicTopics(pageSize, (n - 1) * pageSize).map((topic) => ({ url: canonicalTopicUrl(topic), lastModified: topic.lastPostedAt })));
}
