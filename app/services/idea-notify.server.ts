import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { IdeaStatus } from "../../db/schema";
import { emailPlan, excerpt } from "../domain/community-notify";
import { LINK_SLOTS } from "../domain/email-links";
import type { IdeaNotifyPayload } from "../jobs/job-types.server";
import type { Language } from "../locales";
import { eligibleRecipients, findPublishedPostFacts, isVisiblePost } from "../models/community-notification.server";
import { followersOf } from "../models/idea.server";
import { db, transaction } from "../utils/db.server";
import { renderEmail, type RenderedEmail } from "../utils/email.server";
import { env } from "../utils/env.server";
import { fixedT } from "../utils/i18n.server";
import { enqueueCommunityEmail, FAN_OUT_CHUNK, recipientLanguage, type FanOutOutcome } from "./community-notify.server";

/*
 * An idea's status change told to its voters, the members who asked for it through a CSM's
 * request, and its author (community notifications, decision 038), in each one's language. One
 * notification row per member and idea: a later change brings it back unread (a newer time); a
 * re-run of the same change finds the row as new as the change and writes and sends nothing.
 */

type ChangeFacts = {
  ideaId: number;
  status: IdeaStatus;
  note: string;
  createdAt: number;
  byUserId: number | null;
  byName: string | null;
  postId: number | null;
};

function changeFacts(changeId: number, conn: Db = db): ChangeFacts | undefined {
  return conn.get<ChangeFacts | undefined>(sql`
    SELECT c.idea_id AS ideaId, c.status, c.note, c.created_at AS createdAt, c.by_user_id AS byUserId,
           coalesce(m.display_name, u.name) AS byName,
           (SELECT p.id FROM community_posts p WHERE p.topic_id = c.idea_id AND p.post_number = 1) AS postId
    FROM idea_status_changes c LEFT JOIN users u ON u.id = c.by_user_id LEFT JOIN community_members m ON m.user_id = c.by_user_id
    WHERE c.id = ${changeId}`);
}

/** The email's excerpt: the new status in the reader's words and the public note. */
async function statusLine(language: Language, status: IdeaStatus, note: string, merged: string | null): Promise<string> {
  const t = await fixedT(language, "ideas");
  const label = t(`status.${status}`);
  return excerpt(`${label}${merged ? ` (${merged})` : ""}: ${note}`, 600);
}

export async function runIdeaNotifyJob(payload: IdeaNotifyPayload, now = Date.now()): Promise<FanOutOutcome> {
  const change = changeFacts(payload.changeId);
  if (!change || change.postId === null) return { notified: 0, emailed: 0, skipped: "missing" };
  // A merged idea's topic is deleted: its voters are told on the target's opening post (where their vote went).
  const mergedInto =
    change.status === "duplicate"
      ? db.get<{ id: number } | undefined>(sql`SELECT merged_into_id AS id FROM community_topics WHERE id = ${change.ideaId}`)?.id
      : undefined;
  const postId = mergedInto
    ? (db.get<{ id: number } | undefined>(sql`SELECT id FROM community_posts WHERE topic_id = ${mergedInto} AND post_number = 1`)?.id ?? null)
    : change.postId;
  const post = postId ? findPublishedPostFacts(postId) : undefined;
  if (!post) return { notified: 0, emailed: 0, skipped: "missing" };
  if (!isVisiblePost(post)) return { notified: 0, emailed: 0, skipped: "not-visible" };
  const actor = change.byUserId
    ? (db.get<{ id: number } | undefined>(sql`SELECT id FROM community_members WHERE user_id = ${change.byUserId}`)?.id ?? null)
    : null;
  const followers = followersOf(mergedInto ?? change.ideaId).filter((id) => id !== actor);
  if (followers.length === 0) return { notified: 0, emailed: 0, skipped: "nobody" };
  const actorName = change.byName ?? post.actorName;
  const bodies = new Map<Language, RenderedEmail>();
  const bodyFor = async (language: Language) => {
    if (!bodies.has(language))
      bodies.set(
        language,
        await renderEmail(
          "community-notification",
          {
            kind: "idea_status",
            actorName,
            topicTitle: post.topicTitle,
            excerpt: await statusLine(language, change.status, change.note, mergedInto ? `#${mergedInto}` : null),
            count: 1,
            postUrl: `${env().APP_URL}/community/t/${post.topicId}`,
            preferencesUrl: `${env().APP_URL}/community/preferences`,
            unsubscribeUrl: `${env().APP_URL}/community/unsubscribe/${LINK_SLOTS.communityUnsubscribe}`,
          },
          language,
        ),
      );
    return bodies.get(language)!;
  };
  let notified = 0;
  let emailed = 0;
  for (let at = 0; at < followers.length; at += FAN_OUT_CHUNK) {
    const recipients = eligibleRecipients(followers.slice(at, at + FAN_OUT_CHUNK), post, now);
    const planned: { recipient: (typeof recipients)[number]; plan: "instant" | "digest" | "none"; language: Language; body: RenderedEmail | null }[] = [];
    for (const recipient of recipients) {
      const plan = recipient.suppressed ? "none" : emailPlan(recipient.frequency, "idea_status", recipient.stopped);
      const language = recipientLanguage(recipient);
      planned.push({ recipient, plan, language, body: plan === "instant" ? await bodyFor(language) : null });
    }
    const outcome = transaction((tx) => {
      let written = 0;
      let sent = 0;
      for (const { recipient, plan, language, body } of planned) {
        // New, or an older change's row brought back unread; the same change again changes nothing.
        const row = tx.get<{ id: number } | undefined>(sql`
          INSERT INTO community_notifications (recipient_id, kind, topic_id, post_id, actor_id, count, created_at, emailed_at, digest_pending)
          VALUES (${recipient.memberId}, 'idea_status', ${post.topicId}, ${post.postId}, ${actor}, 1, ${change.createdAt},
                  ${plan === "instant" ? now : null}, ${plan === "digest" ? 1 : 0})
          ON CONFLICT (recipient_id, kind, post_id) DO UPDATE SET created_at = excluded.created_at, read_at = NULL, actor_id = excluded.actor_id,
            emailed_at = coalesce(excluded.emailed_at, community_notifications.emailed_at), digest_pending = excluded.digest_pending
          WHERE excluded.created_at > community_notifications.created_at
          RETURNING id`);
        if (!row) continue;
        written++;
        if (body) {
          enqueueCommunityEmail(tx, recipient, "idea_status", "community-notification", language, body, now);
          sent++;
        }
      }
      return { written, sent };
    });
    notified += outcome.written;
    emailed += outcome.sent;
  }
  return { notified, emailed };
}
