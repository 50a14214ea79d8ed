import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ERASE_POSTS_CHOICES, type ErasePostsChoice } from "../domain/personal-data";
import { personKey } from "../domain/usage-events";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import { withCounters } from "../models/community-counters.server";
import { indexCommunityPost } from "../models/community-search.server";
import { normalizeContactEmail } from "../models/contact.server";
import { addToDoNotContact } from "../models/do-not-contact.server";
import { transaction } from "../utils/db.server";
import { assertCan, auditActorFields, type Actor } from "./actor.server";
import { personHash } from "./record-usage-events.server";

/**
 * Erasure of one person on their request (GDPR art. 17, APPI art. 35): what is kept and why is
 * docs/decisions/043. In one transaction:
 * - the contact row stays, emptied (no email, name or title; unsubscribed; `erasedAt`), so their
 *   answers keep counting in the NPS of every period, with their account, as anonymous scores;
 * - the words they wrote in answers (comments and their history) go, and leave the search index;
 * - emails to them keep their metadata (template, status, times) without address or body; an
 *   unsent one is never sent; emails to others that named them have the name taken out;
 * - sign-in links, sessions, join links, join requests, a suppression and rate-limit keys that
 *   carry the address go; their community member becomes a "deleted member" (their posts stay
 *   under it, or are emptied and deleted at the admin's choice);
 * - the address goes on the hashed do-not-contact list;
 * - the audit log records that an erasure happened, by whom, and counts: never the erased data.
 */

export type EraseContactInput = {
  contactId: number;
  /** The address typed by the person erasing, as a confirmation: it must be the contact's. */
  confirmEmail: string;
  posts: ErasePostsChoice;
};

export type ErasureCounts = {
  responses: number;
  commentsErased: number;
  invitations: number;
  cases: number;
  emailsStripped: number;
  emailsCancelled: number;
  emailsNamingThem: number;
  signInLinks: number;
  sessions: number;
  joinRequests: number;
  auditEntriesScrubbed: number;
  posts: number;
  postsDeleted: number;
  topicsDeleted: number;
  mentionsReplaced: number;
};

/** What the erased identity is replaced with. Language-neutral on purpose: it is data, read in either language. */
const ERASED_TEXT = "[erased]";
const ERASED_ADDRESS_DOMAIN = "erased.invalid";
/** The community name of an erased member, in the language the person used. */
const DELETED_MEMBER_NAME = { en: "Deleted member", ja: "削除されたメンバー" } as const;

/** Templates of emails to other people (staff, members) that may name a contact or member. */
const TEMPLATES_NAMING_OTHERS = [
  "detractor-alert",
  "admin-digest",
  "community-notification",
  "community-digest",
  "community-csm-digest",
  "community-unanswered",
];

const randomHex = (bytes: number) => randomBytes(bytes).toString("hex");

function htmlEscaped(text: string): string[] {
  const base = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return [base.replace(/'/g, "&#x27;"), base.replace(/'/g, "&#39;")];
}

/** The strings that identify the person in free text, longest first (so a name inside the email is replaced as part of it). */
function identifyingTerms(values: (string | null | undefined)[]): string[] {
  const terms = new Set<string>();
  for (const value of values) {
    const text = value?.trim();
    // One character would match everywhere; two is a whole Japanese given name.
    if (!text || Array.from(text).length < 2) continue;
    terms.add(text);
    for (const escaped of htmlEscaped(text)) terms.add(escaped);
  }
  return [...terms].sort((a, b) => b.length - a.length);
}

/** `replace(replace(column, t1, x), t2, x)…` for each term. */
function replacedAll(column: string, terms: string[]) {
  return terms.reduce((inner, term) => sql`replace(${inner}, ${term}, ${ERASED_TEXT})`, sql.raw(column));
}

function containsAny(column: string, terms: string[]) {
  return sql.join(
    terms.map((term) => sql`instr(${sql.raw(column)}, ${term}) > 0`),
    sql` OR `,
  );
}

type ContactRow = { id: number; email: string; name: string | null; title: string | null; locale: "en" | "ja"; erasedAt: number | null };
type MemberRow = { id: number; handle: string; displayName: string; title: string };

export function eraseContact(actor: Actor, input: EraseContactInput, now = Date.now()): ErasureCounts {
  assertCan(actor, "manage:contact:any");
  if (!(ERASE_POSTS_CHOICES as readonly string[]).includes(input.posts)) throw new ServiceError(400, "erasePostsChoice", {}, "posts");
  return transaction((tx) => {
    const contact = tx.get<ContactRow | undefined>(
      sql`SELECT id, email, name, title, locale, erased_at AS erasedAt FROM contacts WHERE id = ${input.contactId}`,
    );
    if (!contact) throw new ServiceError(404, "contactMissing");
    if (contact.erasedAt !== null) throw new ServiceError(409, "contactAlreadyErased");
    if (normalizeContactEmail(input.confirmEmail) !== contact.email) throw new ServiceError(400, "eraseConfirmEmail", {}, "confirmEmail");
    const member = tx.get<MemberRow | undefined>(
      sql`SELECT id, handle, display_name AS displayName, title FROM community_members WHERE contact_id = ${contact.id}`,
    );
    const counts = eraseInTransaction(tx, contact, member, input.posts, now);
    addToDoNotContact(tx, contact.email, now);
    audit(
      { ...auditActorFields(actor), action: "contact.erased", entity: "contact", entityId: contact.id, detail: { postsChoice: input.posts, ...counts } },
      tx,
    );
    return counts;
  });
}

function eraseInTransaction(tx: Db, contact: ContactRow, member: MemberRow | undefined, posts: ErasePostsChoice, now: number): ErasureCounts {
  const C = contact.id;
  const E = contact.email;
  const terms = identifyingTerms([E, contact.name, member?.displayName, member ? `@${member.handle}` : null]);
  const changes = (statement: ReturnType<typeof sql>) => tx.run(statement).changes;
  const count = (statement: ReturnType<typeof sql>) => tx.get<{ n: number }>(statement)?.n ?? 0;

  // Answers: the scores stay (the NPS of every period is unchanged), the words go.
  const responses = count(sql`SELECT count(*) AS n FROM responses WHERE contact_id = ${C}`);
  tx.run(sql`DELETE FROM responses_fts WHERE rowid IN (SELECT id FROM responses WHERE contact_id = ${C})`);
  const commentsErased = changes(sql`UPDATE responses SET comment = NULL WHERE contact_id = ${C} AND comment IS NOT NULL`);
  tx.run(sql`UPDATE response_changes SET comment = NULL WHERE comment IS NOT NULL AND response_id IN (SELECT id FROM responses WHERE contact_id = ${C})`);
  // Their answers' customer-side audit entries (consents, unsubscribes, sign-ins) keep what and when, not the address they came from.
  tx.run(sql`UPDATE audit_log SET ip = NULL WHERE actor_user_id IS NULL AND ip IS NOT NULL AND entity = 'response'
             AND entity_id IN (SELECT CAST(id AS TEXT) FROM responses WHERE contact_id = ${C})`);
  tx.run(sql`UPDATE audit_log SET ip = NULL WHERE actor_user_id IS NULL AND ip IS NOT NULL AND entity = 'contact' AND entity_id = ${String(C)}`);

  // Survey links in emails already sent stop working: the token hashes are replaced by random ones.
  const invitations = changes(
    sql`UPDATE invitations SET token_hash = lower(hex(randomblob(32))), unsubscribe_token_hash = lower(hex(randomblob(32))) WHERE contact_id = ${C}`,
  );

  // Follow-up cases stay (the team's workload and SLA figures), without what was written to or about them.
  const cases = changes(sql`UPDATE cases SET close_reason = NULL WHERE contact_id = ${C}`);
  tx.run(sql`UPDATE case_events SET body = NULL, data = CASE WHEN kind = 'reply' THEN json_remove(data, '$.to') ELSE data END
             WHERE case_id IN (SELECT id FROM cases WHERE contact_id = ${C})`);

  // Emails to them: metadata stays (what was sent when), the address and the body go; an unsent one is never sent.
  const own = tx.all<{ id: number }>(sql`SELECT id FROM outbox WHERE contact_id = ${C} OR to_email = ${E}`).map((row) => row.id);
  let emailsCancelled = 0;
  for (let i = 0; i < own.length; i += 500) {
    const ids = sql.join(
      own.slice(i, i + 500).map((id) => sql`${id}`),
      sql`, `,
    );
    emailsCancelled += changes(sql`UPDATE outbox SET status = 'dead', lease_until = NULL, last_error = 'erased' WHERE id IN (${ids}) AND status = 'queued'`);
    tx.run(sql`UPDATE outbox SET to_email = ${`erased@${ERASED_ADDRESS_DOMAIN}`}, headers = '{}' WHERE id IN (${ids})`);
    tx.run(sql`DELETE FROM outbox_bodies WHERE outbox_id IN (${ids})`);
    tx.run(sql`DELETE FROM outbox_fills WHERE outbox_id IN (${ids})`);
  }
  // A detractor alert about one of their answers quotes it: its body goes (the pipeline records which email it was).
  const alerts = tx
    .all<{ outboxId: number | null }>(
      sql`SELECT json_extract(detail, '$.outboxId') AS outboxId FROM audit_log WHERE entity = 'response' AND action = 'nps.detractor_alert_sent'
          AND entity_id IN (SELECT CAST(id AS TEXT) FROM responses WHERE contact_id = ${C})`,
    )
    .flatMap((row) => (typeof row.outboxId === "number" ? [row.outboxId] : []));
  for (const id of alerts) tx.run(sql`DELETE FROM outbox_bodies WHERE outbox_id = ${id}`);
  // Emails to other people that named them (a detractor alert, a notification "X replied"): the name is taken out.
  let emailsNamingThem = alerts.length;
  if (terms.length > 0) {
    const templates = sql.join(
      TEMPLATES_NAMING_OTHERS.map((name) => sql`${name}`),
      sql`, `,
    );
    const naming = tx
      .all<{ id: number }>(
        sql`SELECT o.id AS id FROM outbox o LEFT JOIN outbox_bodies b ON b.outbox_id = o.id
            WHERE o.template IN (${templates}) AND (${containsAny("o.subject", terms)} OR ${containsAny("b.html", terms)} OR ${containsAny("b.text", terms)})`,
      )
      .map((row) => row.id);
    for (const id of naming) {
      tx.run(sql`UPDATE outbox SET subject = ${replacedAll("subject", terms)} WHERE id = ${id}`);
      tx.run(sql`UPDATE outbox_bodies SET html = ${replacedAll("html", terms)}, text = ${replacedAll("text", terms)} WHERE outbox_id = ${id}`);
    }
    emailsNamingThem = new Set([...naming, ...alerts]).size;
  }

  // Ways in, and what carries the address.
  const signInLinks = changes(sql`DELETE FROM magic_links WHERE contact_id = ${C}`);
  const sessions = changes(sql`DELETE FROM contact_sessions WHERE contact_id = ${C}`);
  tx.run(sql`DELETE FROM community_join_links WHERE email = ${E} OR contact_id = ${C}`);
  const joinRequests = tx.all<{ id: number }>(sql`SELECT id FROM community_join_requests WHERE email = ${E} OR contact_id = ${C}`).map((row) => row.id);
  tx.run(sql`DELETE FROM community_join_requests WHERE email = ${E} OR contact_id = ${C}`);
  tx.run(sql`DELETE FROM suppressions WHERE email = ${E}`);
  tx.run(sql`DELETE FROM rate_limits WHERE instr(key, ${E}) > 0`);
  // Audit entries that quote the address (join requests, throttled sign-in links): the address is taken out.
  const auditEntriesScrubbed = changes(
    sql`UPDATE audit_log SET detail = replace(detail, ${E}, ${ERASED_TEXT}), ip = CASE WHEN actor_user_id IS NULL THEN NULL ELSE ip END
        WHERE entity IN ('join_request', 'contact', 'account') AND instr(detail, ${E}) > 0`,
  );

  // The community: the member becomes a deleted member; their posts stay under it, or go.
  const community = member ? eraseMember(tx, member, contact.locale, posts, now) : { posts: 0, postsDeleted: 0, topicsDeleted: 0, mentionsReplaced: 0 };

  // Usage events (decision 048): the person's hashed key becomes a random one, so their activity
  // still counts once among the account's active users and can no longer be tied to their address.
  const anonymousPerson = parseInt(randomHex(7).slice(0, 13), 16);
  const person = personHash(personKey({ email: contact.email, userId: null })!);
  tx.run(sql`UPDATE usage_events SET person = ${anonymousPerson}, contact_id = NULL WHERE person = ${person} OR contact_id = ${C}`);
  tx.run(sql`UPDATE usage_daily_people SET person = ${anonymousPerson} WHERE person = ${person}`);

  // Last, the contact row itself: the placeholder keeps the answers' account (the dashboard counts by the account's dimensions).
  tx.run(
    sql`UPDATE contacts SET email = ${`erased-${randomHex(8)}@${ERASED_ADDRESS_DOMAIN}`}, name = NULL, title = NULL, product_user_id = NULL,
        unsubscribed_at = coalesce(unsubscribed_at, ${now}), erased_at = ${now}, updated_at = ${now} WHERE id = ${C}`,
  );

  return {
    responses,
    commentsErased,
    invitations,
    cases,
    emailsStripped: own.length,
    emailsCancelled,
    emailsNamingThem,
    signInLinks,
    sessions,
    joinRequests: joinRequests.length,
    auditEntriesScrubbed,
    ...community,
  };
}

function eraseMember(tx: Db, member: MemberRow, locale: "en" | "ja", posts: ErasePostsChoice, now: number) {
  const M = member.id;
  const oldHandle = member.handle;
  const newHandle = `deleted-${randomHex(4)}`;
  const postCount = tx.get<{ n: number }>(sql`SELECT count(*) AS n FROM community_posts WHERE author_id = ${M}`)?.n ?? 0;
  let postsDeleted = 0;
  let topicsDeleted = 0;

  if (posts === "delete" && postCount > 0) {
    const topicIds = tx.all<{ id: number }>(sql`SELECT DISTINCT topic_id AS id FROM community_posts WHERE author_id = ${M}`).map((row) => row.id);
    const likers = tx
      .all<{ id: number }>(sql`SELECT DISTINCT l.member_id AS id FROM community_likes l JOIN community_posts p ON p.id = l.post_id WHERE p.author_id = ${M}`)
      .map((row) => row.id);
    withCounters(tx, topicIds, [M, ...likers], () => {
      postsDeleted = tx.run(
        sql`UPDATE community_posts SET source = '', html = '', hidden_reason = NULL, held_reasons = NULL, deleted_at = coalesce(deleted_at, ${now})
            WHERE author_id = ${M}`,
      ).changes;
      topicsDeleted = tx.run(sql`UPDATE community_topics SET title = '', slug = '', deleted_at = coalesce(deleted_at, ${now}) WHERE author_id = ${M}`).changes;
    });
    tx.run(sql`DELETE FROM community_post_revisions WHERE post_id IN (SELECT id FROM community_posts WHERE author_id = ${M})`);
    tx.run(sql`DELETE FROM community_search WHERE rowid IN (SELECT id FROM community_posts WHERE author_id = ${M})`);
    // The other posts of the topics they started carried the topic's title in the index.
    for (const { id } of tx.all<{ id: number }>(
      sql`SELECT p.id AS id FROM community_posts p JOIN community_topics t ON t.id = p.topic_id WHERE t.author_id = ${M} AND p.author_id <> ${M}`,
    ))
      indexCommunityPost(tx, id);
  }

  // Other members' posts that @mention them: the mention points at the placeholder handle instead.
  let mentionsReplaced = 0;
  const phrase = `"${oldHandle.replace(/"/g, '""')}"`;
  const mentioning = tx
    .all<{ id: number }>(
      sql`SELECT p.id AS id FROM community_search s JOIN community_posts p ON p.id = s.rowid
          WHERE community_search MATCH ${phrase} AND p.author_id <> ${M} AND instr(p.source, ${`@${oldHandle}`}) > 0`,
    )
    .map((row) => row.id);
  for (const id of mentioning) {
    tx.run(
      sql`UPDATE community_posts SET source = replace(source, ${`@${oldHandle}`}, ${`@${newHandle}`}),
          html = replace(replace(html, ${`/community/u/${oldHandle}`}, ${`/community/u/${newHandle}`}), ${`@${oldHandle}`}, ${`@${newHandle}`})
          WHERE id = ${id}`,
    );
    tx.run(sql`UPDATE community_post_revisions SET source = replace(source, ${`@${oldHandle}`}, ${`@${newHandle}`}) WHERE post_id = ${id}`);
    indexCommunityPost(tx, id);
    mentionsReplaced++;
  }

  // What was theirs alone: notifications to them, their watches, email choices, badges; their flags keep the reason, not their note.
  tx.run(sql`DELETE FROM community_notifications WHERE recipient_id = ${M}`);
  tx.run(sql`DELETE FROM community_watches WHERE member_id = ${M}`);
  tx.run(sql`DELETE FROM community_email_preferences WHERE member_id = ${M}`);
  tx.run(sql`DELETE FROM community_email_unsubscribes WHERE member_id = ${M}`);
  tx.run(sql`DELETE FROM community_unsubscribe_tokens WHERE member_id = ${M}`);
  tx.run(sql`DELETE FROM community_member_badges WHERE member_id = ${M}`);
  tx.run(sql`UPDATE community_flags SET note = NULL WHERE member_id = ${M}`);
  tx.run(
    sql`UPDATE community_members SET handle = ${newHandle}, display_name = ${DELETED_MEMBER_NAME[locale]}, title = '', show_company = 0,
        suspended_reason = NULL, last_seen_at = NULL, erased_at = ${now} WHERE id = ${M}`,
  );
  return { posts: postCount, postsDeleted, topicsDeleted, mentionsReplaced };
}
