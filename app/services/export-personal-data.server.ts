import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ServiceError } from "../domain/service-error";
import { personKey } from "../domain/usage-events";
import type { Language } from "../locales";
import { audit } from "../models/audit.server";
import { db } from "../utils/db.server";
import { fixedT } from "../utils/i18n.server";
import { assertCan, auditActorFields, type Actor } from "./actor.server";
import { personHash } from "./record-usage-events.server";

/**
 * Everything Kizuna holds about one person, for a subject access request (GDPR art. 15, APPI
 * art. 33): their contact row, answers with their history and consents, invitations, cases,
 * the emails sent to them (metadata, never bodies), what they did (audit entries about them),
 * and their community profile and activity. A read: the only write is its audit entry.
 * The inventory it follows is docs/decisions/043.
 */

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const json = (text: string | null) => (text === null ? null : (JSON.parse(text) as unknown));

export type PersonalDataExport = Awaited<ReturnType<typeof collect>> & { summary: string };

type ContactRow = {
  id: number;
  email: string;
  name: string | null;
  productUserId: string | null;
  title: string | null;
  locale: string;
  unsubscribedAt: number | null;
  erasedAt: number | null;
  createdAt: number;
  updatedAt: number;
  accountId: number;
  accountName: string;
  accountExternalId: string;
};

function findContact(conn: Db, contactId: number) {
  return conn.get<ContactRow | undefined>(
    sql`SELECT c.id, c.email, c.name, c.title, c.locale, c.product_user_id AS productUserId, c.unsubscribed_at AS unsubscribedAt, c.erased_at AS erasedAt,
               c.created_at AS createdAt, c.updated_at AS updatedAt, a.id AS accountId, a.name AS accountName, a.external_id AS accountExternalId
        FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.id = ${contactId}`,
  );
}

export function findContactIdByEmail(email: string, conn: Db = db): number | undefined {
  return conn.get<{ id: number } | undefined>(sql`SELECT id FROM contacts WHERE email = ${email.trim().toLowerCase()}`)?.id;
}

function collect(conn: Db, contact: ContactRow, now: number) {
  const C = contact.id;
  const responses = conn.all<{
    id: number;
    campaign: string | null;
    score: number;
    category: string;
    comment: string | null;
    locale: string;
    channel: string;
    createdAt: number;
    updatedAt: number;
  }>(
    sql`SELECT r.id, cp.name AS campaign, r.score, r.category, r.comment, r.locale, r.channel, r.created_at AS createdAt, r.updated_at AS updatedAt
        FROM responses r LEFT JOIN campaigns cp ON cp.id = r.campaign_id WHERE r.contact_id = ${C} ORDER BY r.created_at, r.id`,
  );
  const changes = conn.all<{ responseId: number; score: number; comment: string | null; changedAt: number }>(
    sql`SELECT response_id AS responseId, score, comment, changed_at AS changedAt FROM response_changes
        WHERE response_id IN (SELECT id FROM responses WHERE contact_id = ${C}) ORDER BY id`,
  );
  const tags = conn.all<{ responseId: number; name: string }>(
    sql`SELECT rt.response_id AS responseId, t.name FROM response_tags rt JOIN tags t ON t.id = rt.tag_id
        WHERE rt.response_id IN (SELECT id FROM responses WHERE contact_id = ${C})`,
  );
  // What they did or said yes/no to, as recorded: consents on their answers, unsubscribes, sign-ins (entries by the person, not by staff).
  const events = conn.all<{ action: string; entity: string; entityId: string | null; at: number; ip: string | null; detail: string | null }>(
    sql`SELECT action, entity, entity_id AS entityId, at, ip, detail FROM audit_log
        WHERE actor_user_id IS NULL AND ((entity = 'contact' AND entity_id = ${String(C)})
           OR (entity = 'response' AND entity_id IN (SELECT CAST(id AS TEXT) FROM responses WHERE contact_id = ${C})))
        ORDER BY id`,
  );
  const invitations = conn.all<Record<string, number | string | null>>(
    sql`SELECT cp.name AS campaign, i.status, i.locale, i.due_at AS dueAt, i.sent_at AS sentAt, i.delivered_at AS deliveredAt,
               i.bounced_at AS bouncedAt, i.reminded_at AS remindedAt, i.created_at AS createdAt
        FROM invitations i JOIN campaigns cp ON cp.id = i.campaign_id WHERE i.contact_id = ${C} ORDER BY i.created_at, i.id`,
  );
  const cases = conn.all<{ id: number; responseId: number; status: string; closeReason: string | null; createdAt: number; closedAt: number | null }>(
    sql`SELECT id, response_id AS responseId, status, close_reason AS closeReason, created_at AS createdAt, closed_at AS closedAt
        FROM cases WHERE contact_id = ${C} ORDER BY id`,
  );
  const caseEvents = conn.all<{ caseId: number; kind: string; body: string | null; createdAt: number }>(
    sql`SELECT case_id AS caseId, kind, body, created_at AS createdAt FROM case_events
        WHERE case_id IN (SELECT id FROM cases WHERE contact_id = ${C}) ORDER BY id`,
  );
  const emails = conn.all<{ template: string; subject: string; status: string; createdAt: number; sentAt: number | null }>(
    sql`SELECT template, subject, status, created_at AS createdAt, sent_at AS sentAt FROM outbox
        WHERE contact_id = ${C} OR to_email = ${contact.email} ORDER BY id`,
  );
  const suppression = conn.get<{ reason: string; createdAt: number } | undefined>(
    sql`SELECT reason, created_at AS createdAt FROM suppressions WHERE email = ${contact.email}`,
  );
  const signInLinks = conn.all<{ createdAt: number; consumedAt: number | null }>(
    sql`SELECT created_at AS createdAt, consumed_at AS consumedAt FROM magic_links WHERE contact_id = ${C} ORDER BY id`,
  );
  const sessions = conn.all<{ createdAt: number; lastSeenAt: number; expiresAt: number }>(
    sql`SELECT created_at AS createdAt, last_seen_at AS lastSeenAt, expires_at AS expiresAt FROM contact_sessions WHERE contact_id = ${C}`,
  );
  // Product usage events naming them (decision 048): by contact, or by the hash of their address.
  const usage = conn.all<{ type: string; occurredAt: number; properties: string | null }>(
    sql`SELECT t.name AS type, e.occurred_at AS occurredAt, e.properties FROM usage_events e JOIN usage_event_types t ON t.id = e.type_id
        WHERE e.contact_id = ${C} OR e.person = ${personHash(personKey({ email: contact.email, userId: null })!)} ORDER BY e.occurred_at`,
  );
  const joinRequests = conn.all<{ name: string; company: string; message: string; status: string; createdAt: number }>(
    sql`SELECT name, company, message, status, created_at AS createdAt FROM community_join_requests WHERE email = ${contact.email} OR contact_id = ${C}`,
  );

  return {
    format: "kizuna-personal-data/1",
    generatedAt: iso(now),
    contact: {
      id: contact.id,
      email: contact.email,
      name: contact.name,
      title: contact.title,
      productUserId: contact.productUserId,
      locale: contact.locale,
      account: { name: contact.accountName, externalId: contact.accountExternalId },
      unsubscribedAt: iso(contact.unsubscribedAt),
      erasedAt: iso(contact.erasedAt),
      createdAt: iso(contact.createdAt),
      updatedAt: iso(contact.updatedAt),
    },
    responses: responses.map((r) => ({
      ...r,
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
      tags: tags.filter((t) => t.responseId === r.id).map((t) => t.name),
      earlierVersions: changes.filter((c) => c.responseId === r.id).map((c) => ({ score: c.score, comment: c.comment, changedAt: iso(c.changedAt) })),
    })),
    events: events.map((e) => ({ action: e.action, about: `${e.entity}:${e.entityId ?? ""}`, at: iso(e.at), ip: e.ip, detail: json(e.detail) })),
    invitations: invitations.map((i) => ({
      ...i,
      dueAt: iso(i.dueAt as number),
      sentAt: iso(i.sentAt as number | null),
      deliveredAt: iso(i.deliveredAt as number | null),
      bouncedAt: iso(i.bouncedAt as number | null),
      remindedAt: iso(i.remindedAt as number | null),
      createdAt: iso(i.createdAt as number),
    })),
    cases: cases.map((c) => ({
      ...c,
      createdAt: iso(c.createdAt),
      closedAt: iso(c.closedAt),
      timeline: caseEvents.filter((e) => e.caseId === c.id).map((e) => ({ kind: e.kind, body: e.body, at: iso(e.createdAt) })),
    })),
    emails: emails.map((e) => ({ ...e, createdAt: iso(e.createdAt), sentAt: iso(e.sentAt) })),
    suppression: suppression ? { reason: suppression.reason, since: iso(suppression.createdAt) } : null,
    signInLinks: signInLinks.map((l) => ({ createdAt: iso(l.createdAt), usedAt: iso(l.consumedAt) })),
    sessions: sessions.map((s) => ({ createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), expiresAt: iso(s.expiresAt) })),
    joinRequests: joinRequests.map((j) => ({ ...j, createdAt: iso(j.createdAt) })),
    usage: usage.map((u) => ({ type: u.type, occurredAt: iso(u.occurredAt), properties: json(u.properties) })),
    community: collectCommunity(conn, C),
  };
}

function collectCommunity(conn: Db, contactId: number) {
  const member = conn.get<Record<string, number | string | null> & { id: number }>(
    sql`SELECT id, handle, display_name AS displayName, title, show_company AS showCompany, trust_level AS trustLevel,
               guidelines_accepted_at AS guidelinesAcceptedAt, last_seen_at AS lastSeenAt, suspended_until AS suspendedUntil,
               topic_count AS topics, reply_count AS replies, accepted_answer_count AS acceptedAnswers,
               likes_received AS likesReceived, likes_given AS likesGiven, created_at AS createdAt
        FROM community_members WHERE contact_id = ${contactId}`,
  );
  if (!member) return null;
  const M = member.id;
  const posts = conn.all<{
    id: number;
    topicId: number;
    topicTitle: string;
    postNumber: number;
    source: string;
    state: string;
    createdAt: number;
    editedAt: number | null;
    deletedAt: number | null;
  }>(
    sql`SELECT p.id, p.topic_id AS topicId, t.title AS topicTitle, p.post_number AS postNumber, p.source, p.state,
               p.created_at AS createdAt, p.edited_at AS editedAt, p.deleted_at AS deletedAt
        FROM community_posts p JOIN community_topics t ON t.id = p.topic_id WHERE p.author_id = ${M} ORDER BY p.id`,
  );
  const revisions = conn.all<{ postId: number; source: string; title: string | null; createdAt: number }>(
    sql`SELECT post_id AS postId, source, title, created_at AS createdAt FROM community_post_revisions
        WHERE post_id IN (SELECT id FROM community_posts WHERE author_id = ${M}) ORDER BY id`,
  );
  const likes = conn.all<{ postId: number; createdAt: number }>(
    sql`SELECT post_id AS postId, created_at AS createdAt FROM community_likes WHERE member_id = ${M}`,
  );
  const flags = conn.all<{ postId: number; reason: string; note: string | null; createdAt: number }>(
    sql`SELECT post_id AS postId, reason, note, created_at AS createdAt FROM community_flags WHERE member_id = ${M}`,
  );
  const watches = conn.all<{ topicId: number | null; categoryId: number | null; level: string }>(
    sql`SELECT topic_id AS topicId, category_id AS categoryId, level FROM community_watches WHERE member_id = ${M}`,
  );
  const preference = conn.get<{ frequency: string } | undefined>(sql`SELECT frequency FROM community_email_preferences WHERE member_id = ${M}`);
  const unsubscribes = conn.all<{ kind: string; createdAt: number }>(
    sql`SELECT kind, created_at AS createdAt FROM community_email_unsubscribes WHERE member_id = ${M}`,
  );
  const badges = conn.all<{ code: string; awardedAt: number }>(
    sql`SELECT b.code, mb.awarded_at AS awardedAt FROM community_member_badges mb JOIN community_badges b ON b.id = mb.badge_id WHERE mb.member_id = ${M}`,
  );
  const notifications = conn.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_notifications WHERE recipient_id = ${M}`)?.n ?? 0;
  const dates = ["guidelinesAcceptedAt", "lastSeenAt", "suspendedUntil", "createdAt"];
  const { id: _id, ...profile } = member;
  return {
    profile: Object.fromEntries(Object.entries(profile).map(([key, value]) => [key, dates.includes(key) ? iso(value as number | null) : value])),
    posts: posts.map((p) => ({
      ...p,
      createdAt: iso(p.createdAt),
      editedAt: iso(p.editedAt),
      deletedAt: iso(p.deletedAt),
      earlierVersions: revisions.filter((r) => r.postId === p.id).map((r) => ({ source: r.source, title: r.title, at: iso(r.createdAt) })),
    })),
    likesGiven: likes.map((l) => ({ postId: l.postId, at: iso(l.createdAt) })),
    flags: flags.map((f) => ({ ...f, createdAt: iso(f.createdAt) })),
    watches,
    emailFrequency: preference?.frequency ?? "daily",
    emailUnsubscribes: unsubscribes.map((u) => ({ kind: u.kind, at: iso(u.createdAt) })),
    badges: badges.map((b) => ({ code: b.code, awardedAt: iso(b.awardedAt) })),
    notifications,
  };
}

const minute = (at: string | null) => (at ? `${at.slice(0, 16).replace("T", " ")}` : "");

async function summarize(data: Omit<PersonalDataExport, "summary">, language: Language): Promise<string> {
  const t = await fixedT(language, "privacy");
  const n = (count: number) => ({ count, n: count.toLocaleString(language === "ja" ? "ja-JP" : "en-US") });
  const lines = [
    `# ${t("summary.heading")}`,
    "",
    t("summary.generated", { at: minute(data.generatedAt) }),
    "",
    t("summary.person", { name: data.contact.name ?? t("summary.noName"), email: data.contact.email, account: data.contact.account.name }),
    "",
    t("summary.responses", n(data.responses.length)),
    t("summary.invitations", n(data.invitations.length)),
    t("summary.cases", n(data.cases.length)),
    t("summary.emails", n(data.emails.length)),
    t("summary.events", n(data.events.length)),
    t("summary.usage", n(data.usage.length)),
    data.community
      ? t("summary.community", {
          handle: data.community.profile.handle,
          posts: data.community.posts.length,
          likes: data.community.likesGiven.length,
          flags: data.community.flags.length,
        })
      : t("summary.noCommunity"),
  ];
  if (data.contact.unsubscribedAt) lines.push(t("summary.unsubscribed", { at: minute(data.contact.unsubscribedAt) }));
  if (data.suppression) lines.push(t("summary.suppressed", { at: minute(data.suppression.since), reason: data.suppression.reason }));
  lines.push("", t("summary.details"));
  return lines.join("\n");
}

/** The export of one contact, its summary in `language`; audited (who exported whom, when), without the data. */
export async function exportPersonalData(actor: Actor, contactId: number, language: Language, now = Date.now()): Promise<PersonalDataExport> {
  assertCan(actor, "manage:contact:any");
  const contact = findContact(db, contactId);
  if (!contact) throw new ServiceError(404, "contactMissing");
  const data = collect(db, contact, now);
  const summary = await summarize(data, language);
  const counts = { responses: data.responses.length, emails: data.emails.length, posts: data.community?.posts.length ?? 0 };
  audit({ ...auditActorFields(actor), action: "contact.personal_data_exported", entity: "contact", entityId: contact.id, detail: counts });
  return { summary, ...data };
}
