import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { communityStaffAlerts } from "../../db/schema";
import { excerpt } from "../domain/community-notify";
import { LINK_SLOTS } from "../domain/email-links";
import { topicPath } from "../domain/community-rules";
import { dueDigestSlot, previousDigestSlot, type DigestSlot } from "../domain/digest-schedule";
import { createFormatter } from "../domain/format";
import { staffEmailLanguage } from "../domain/staff-language";
import { communityDigestJob, communityUnansweredJob } from "../jobs/job-types.server";
import type { Language } from "../locales";
import { getSetting, teamTimeZone } from "../models/settings.server";
import { db, transaction } from "../utils/db.server";
import { enqueueEmail, renderEmail } from "../utils/email.server";
import { env } from "../utils/env.server";
import { enqueueCommunityEmail } from "./community-notify.server";

/*
 * The community's daily emails at 08:00 in the team's time zone: each member who chose the
 * daily digest gets their unread notifications since the last one, in their language; each CSM
 * gets the posts written by members of their high- and low-touch accounts. And, every quarter
 * hour, a CSM hears once of a Q&A question from their account left unanswered past the setting.
 */

export const COMMUNITY_DIGEST_JOB = communityDigestJob.type;
/** Items listed in one email; the rest are counted. */
export const DIGEST_ITEMS = 10;

/** Called by the worker's housekeeping every minute: queues today's digest once 08:00 has passed (a unique key per day). */
export function scheduleCommunityDigest(now = Date.now()): number | null {
  const slot = dueDigestSlot(now, teamTimeZone());
  if (!slot) return null;
  return transaction((tx) => communityDigestJob.enqueue(tx, slot, {}, now));
}

const UNANSWERED_SWEEP_MS = 15 * 60_000;

/** Called by the worker's housekeeping: one unanswered-questions sweep per quarter hour (a unique key per quarter). */
export function scheduleUnansweredSweep(now = Date.now()): number {
  const at = Math.floor(now / UNANSWERED_SWEEP_MS) * UNANSWERED_SWEEP_MS;
  return transaction((tx) => communityUnansweredJob.enqueue(tx, { at }, {}, now));
}

type DigestMember = {
  memberId: number;
  contactId: number | null;
  email: string;
  name: string;
  locale: Language | null;
  isStaff: boolean;
  frequency: string | null;
  digestStopped: number;
  suppressed: number;
};

const appUrl = () => env().APP_URL;

function languageOf(member: Pick<DigestMember, "isStaff" | "locale">): Language {
  return member.isStaff ? staffEmailLanguage(member.locale, teamTimeZone()) : (member.locale ?? "en");
}

/** A day as the reader reads it (`2026年12月7日` / `Dec 7, 2026`). */
function dayIn(language: Language, slot: DigestSlot): string {
  return createFormatter(language, teamTimeZone()).date(slot.at);
}

export type CommunityDigestOutcome = { members: number; csms: number };

/** The job: every member's digest, then every CSM's. Each email commits with what marks it sent, so a re-run sends nothing twice. */
export async function sendCommunityDigests(slot: DigestSlot, now = Date.now()): Promise<CommunityDigestOutcome> {
  return { members: await sendMemberDigests(slot, now), csms: await sendCsmDigests(slot, now) };
}

async function sendMemberDigests(slot: DigestSlot, now: number): Promise<number> {
  const memberIds = db
    .all<{ id: number }>(sql`SELECT DISTINCT recipient_id AS id FROM community_notifications WHERE digest_pending = 1 AND created_at <= ${slot.at} ORDER BY 1`)
    .map((row) => row.id);
  let sent = 0;
  for (const memberId of memberIds) {
    const member = db.get<DigestMember | undefined>(sql`
      SELECT m.id AS memberId, m.contact_id AS contactId, coalesce(c.email, u.email) AS email, m.display_name AS name,
             coalesce(c.locale, u.locale) AS locale, m.contact_id IS NULL AS isStaff, p.frequency AS frequency,
             EXISTS (SELECT 1 FROM community_email_unsubscribes s WHERE s.member_id = m.id AND s.kind = 'digest') AS digestStopped,
             EXISTS (SELECT 1 FROM suppressions x WHERE x.email = lower(coalesce(c.email, u.email))) AS suppressed
      FROM community_members m
      LEFT JOIN contacts c ON c.id = m.contact_id
      LEFT JOIN users u ON u.id = m.user_id
      LEFT JOIN community_email_preferences p ON p.member_id = m.id
      WHERE m.id = ${memberId}`);
    const items = db.all<{
      id: number;
      kind: string;
      actorName: string | null;
      topicId: number;
      slug: string;
      title: string;
      postNumber: number;
      count: number;
      readAt: number | null;
    }>(sql`
      SELECT n.id, n.kind, (SELECT display_name FROM community_members a WHERE a.id = n.actor_id) AS actorName, t.id AS topicId, t.slug, t.title,
             p.post_number AS postNumber, n.count, n.read_at AS readAt
      FROM community_notifications n
      JOIN community_topics t ON t.id = n.topic_id
      JOIN community_posts p ON p.id = n.post_id
      WHERE n.recipient_id = ${memberId} AND n.digest_pending = 1 AND n.created_at <= ${slot.at}
        AND t.deleted_at IS NULL AND t.hidden_at IS NULL AND p.deleted_at IS NULL AND p.hidden_at IS NULL
      ORDER BY n.created_at DESC, n.id DESC`);
    const unread = items.filter((item) => item.readAt === null);
    const wants = member && member.email && (member.frequency ?? "daily") === "daily" && !member.digestStopped && !member.suppressed;
    const language = member ? languageOf(member) : "en";
    const rendered =
      wants && unread.length > 0
        ? await renderEmail(
            "community-digest",
            {
              name: member.name,
              day: dayIn(language, slot),
              items: unread.slice(0, DIGEST_ITEMS).map((item) => ({
                kind: item.kind as never,
                actorName: item.actorName ?? "",
                topicTitle: item.title,
                count: item.count,
                url: `${appUrl()}${topicPath({ id: item.topicId, slug: item.slug })}${item.postNumber > 1 ? `#post-${item.postNumber}` : ""}`,
              })),
              more: Math.max(0, unread.length - DIGEST_ITEMS),
              notificationsUrl: `${appUrl()}/community/notifications`,
              preferencesUrl: `${appUrl()}/community/preferences`,
              unsubscribeUrl: `${appUrl()}/community/unsubscribe/${LINK_SLOTS.communityUnsubscribe}`,
            },
            language,
          )
        : null;
    const queued = transaction((tx) => {
      // Clear exactly the rows this digest covered; only the run that clears them sends the email.
      const cleared = tx.run(
        sql`UPDATE community_notifications SET digest_pending = 0 WHERE recipient_id = ${memberId} AND digest_pending = 1 AND created_at <= ${slot.at}`,
      );
      if (cleared.changes === 0 || !rendered || !member) return false;
      enqueueCommunityEmail(tx, member, "digest", "community-digest", language, rendered, now);
      return true;
    });
    if (queued) sent++;
  }
  return sent;
}

type Csm = { userId: number; email: string; name: string; locale: Language | null };

function activeCsms(): Csm[] {
  return db.all<Csm>(sql`
    SELECT u.id AS userId, u.email, u.name, u.locale FROM users u
    WHERE u.disabled_at IS NULL AND EXISTS (SELECT 1 FROM accounts a WHERE a.csm_user_id = u.id AND a.segment IN ('high', 'low'))
      AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email = lower(u.email))
    ORDER BY u.id`);
}

/** Marks a staff alert sent; false when it was already (the email must then not be queued). */
function markStaffAlert(tx: Db, userId: number, key: string, now: number): boolean {
  return (
    tx
      .insert(communityStaffAlerts)
      .values({ userId, key, createdAt: new Date(now) })
      .onConflictDoNothing()
      .run().changes === 1
  );
}

async function sendCsmDigests(slot: DigestSlot, now: number): Promise<number> {
  const since = previousDigestSlot(slot, teamTimeZone()).at;
  let sent = 0;
  for (const csm of activeCsms()) {
    const posts = db.all<{
      accountName: string;
      authorName: string;
      topicId: number;
      slug: string;
      title: string;
      postNumber: number;
      kind: string;
      source: string;
    }>(sql`
      SELECT a.name AS accountName, m.display_name AS authorName, t.id AS topicId, t.slug, t.title, p.post_number AS postNumber, cat.kind, p.source
      FROM community_posts p
      JOIN community_members m ON m.id = p.author_id
      JOIN contacts c ON c.id = m.contact_id
      JOIN accounts a ON a.id = c.account_id
      JOIN community_topics t ON t.id = p.topic_id
      JOIN community_categories cat ON cat.id = t.category_id
      WHERE a.csm_user_id = ${csm.userId} AND a.segment IN ('high', 'low')
        AND p.created_at > ${since} AND p.created_at <= ${slot.at}
        AND p.state = 'published' AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND t.deleted_at IS NULL AND t.hidden_at IS NULL
      ORDER BY p.created_at DESC, p.id DESC
      LIMIT 51`);
    if (posts.length === 0) continue;
    const language = staffEmailLanguage(csm.locale, teamTimeZone());
    const shown = posts.slice(0, DIGEST_ITEMS);
    const rendered = await renderEmail(
      "community-csm-digest",
      {
        csmName: csm.name,
        day: dayIn(language, slot),
        posts: shown.map((post) => ({
          accountName: post.accountName,
          authorName: post.authorName,
          topicTitle: post.title,
          isQuestion: post.kind === "qa" && post.postNumber === 1,
          excerpt: excerpt(post.source, 200),
          url: `${appUrl()}${topicPath({ id: post.topicId, slug: post.slug })}${post.postNumber > 1 ? `#post-${post.postNumber}` : ""}`,
        })),
        more: posts.length - shown.length,
        communityUrl: `${appUrl()}/community`,
      },
      language,
    );
    const queued = transaction((tx) => {
      if (!markStaffAlert(tx, csm.userId, `csm-digest:${slot.day}`, now)) return false;
      enqueueEmail(tx, { template: "community-csm-digest", to: csm.email, locale: language, ...rendered, tags: [{ name: "kind", value: "csm_digest" }] }, now);
      return true;
    });
    if (queued) sent++;
  }
  return sent;
}

/**
 * The sweep: each Q&A question from a member of a CSM's high- or low-touch account with no reply
 * past the setting (default 24 h) emails that CSM once (a staff-alert row per question, written
 * with the email). Runs from the worker's housekeeping; cheap when nothing is due.
 */
export async function alertUnansweredQuestions(now = Date.now()): Promise<number> {
  // One setting for both: the console's unanswered queue and the CSM's alert (admins edit it in the community settings).
  const hours = getSetting("communityQueue").unansweredAfterHours;
  const before = now - hours * 3_600_000;
  // A week's window: a question older than that was either alerted already or predates the CSM.
  const after = before - 7 * 24 * 3_600_000;
  const due = db.all<{
    topicId: number;
    slug: string;
    title: string;
    createdAt: number;
    source: string;
    authorName: string;
    accountName: string;
    userId: number;
    email: string;
    name: string;
    locale: Language | null;
  }>(sql`
    SELECT t.id AS topicId, t.slug, t.title, t.created_at AS createdAt, p.source, m.display_name AS authorName, a.name AS accountName,
           u.id AS userId, u.email, u.name, u.locale
    FROM community_topics t
    JOIN community_categories cat ON cat.id = t.category_id AND cat.kind = 'qa'
    JOIN community_posts p ON p.topic_id = t.id AND p.post_number = 1
    JOIN community_members m ON m.id = t.author_id
    JOIN contacts c ON c.id = m.contact_id
    JOIN accounts a ON a.id = c.account_id AND a.segment IN ('high', 'low')
    JOIN users u ON u.id = a.csm_user_id AND u.disabled_at IS NULL
    WHERE t.created_at <= ${before} AND t.created_at > ${after}
      AND t.reply_count = 0 AND t.accepted_post_id IS NULL AND t.deleted_at IS NULL AND t.hidden_at IS NULL AND p.state = 'published'
      AND NOT EXISTS (SELECT 1 FROM community_staff_alerts s WHERE s.user_id = u.id AND s.key = 'unanswered:' || t.id)
      AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email = lower(u.email))
    ORDER BY t.created_at
    LIMIT 100`);
  let sent = 0;
  for (const question of due) {
    const language = staffEmailLanguage(question.locale, teamTimeZone());
    const rendered = await renderEmail(
      "community-unanswered",
      {
        csmName: question.name,
        accountName: question.accountName,
        authorName: question.authorName,
        topicTitle: question.title,
        hours: Math.floor((now - question.createdAt) / 3_600_000),
        excerpt: excerpt(question.source, 280),
        url: `${appUrl()}${topicPath({ id: question.topicId, slug: question.slug })}`,
      },
      language,
    );
    const queued = transaction((tx) => {
      if (!markStaffAlert(tx, question.userId, `unanswered:${question.topicId}`, now)) return false;
      enqueueEmail(
        tx,
        { template: "community-unanswered", to: question.email, locale: language, ...rendered, tags: [{ name: "kind", value: "unanswered" }] },
        now,
      );
      return true;
    });
    if (queued) sent++;
  }
  return sent;
}
