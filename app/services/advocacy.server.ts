import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { advocacyRecords, communityMembers, communityTopics, contacts, type AdvocacyKind, type AdvocacySource } from "../../db/schema";
import type { CommunityEvent } from "./community-events.server";
import type { RecordedResponse } from "./response-hooks.server";
import { db, transaction } from "../utils/db.server";

/*
 * The advocacy timeline's one way in (decision 047). Every area that sees a customer do
 * something for us calls `recordAdvocacy` inside its own transaction: the community (through
 * its event listener below), the response pipeline (a hook), stories, meetups (attended or
 * spoke at) and staff logging references and reviews. Records are keyed, so calling it twice
 * for the same thing writes one record; `removeAdvocacy` undoes one (a like withdrawn).
 */

export type AdvocacyInput = {
  kind: AdvocacyKind;
  /** The contact who did it; the account is theirs unless `accountId` says otherwise (a contact-less record). */
  contactId: number | null;
  accountId?: number;
  /** When it happened. */
  at: Date | number;
  source: AdvocacySource;
  /** The row of `source` it came from (a response id, a post id, a meetup id…); null for staff logs (each is its own record). */
  sourceId: string | number | null;
  detail?: Record<string, string | number | null>;
  recordedByUserId?: number | null;
};

/** The key that makes a record written once: the same thing by the same person is one record. */
export function advocacyKey(input: Pick<AdvocacyInput, "kind" | "source" | "sourceId" | "contactId">): string {
  return `${input.kind}:${input.source}:${input.sourceId ?? ""}:${input.contactId ?? ""}`;
}

/**
 * Records (or refreshes: a changed answer moves its date) one advocacy record. Returns its id, or
 * null when the contact is gone. Meetups call it as
 * `recordAdvocacy(tx, { kind: "meetup_attended" | "meetup_spoke", contactId, at: meetup.startsAt, source: "meetup", sourceId: meetup.id, detail: { title } })`.
 */
export function recordAdvocacy(tx: Db, input: AdvocacyInput): number | null {
  const accountId =
    input.accountId ??
    (input.contactId === null
      ? undefined
      : tx.select({ accountId: contacts.accountId }).from(contacts).where(eq(contacts.id, input.contactId)).get()?.accountId);
  if (accountId === undefined) return null;
  const at = input.at instanceof Date ? input.at : new Date(input.at);
  // Staff logs have no source row: each one is its own record.
  const key = input.sourceId === null ? `${input.kind}:${input.source}:${crypto.randomUUID()}` : advocacyKey(input);
  const row = tx
    .insert(advocacyRecords)
    .values({
      key,
      kind: input.kind,
      accountId,
      contactId: input.contactId,
      at,
      source: input.source,
      sourceId: input.sourceId === null ? null : String(input.sourceId),
      detail: input.detail ?? null,
      recordedByUserId: input.recordedByUserId ?? null,
    })
    .onConflictDoUpdate({ target: advocacyRecords.key, set: { at, accountId, detail: input.detail ?? null } })
    .returning({ id: advocacyRecords.id })
    .get();
  return row.id;
}

/** Removes the record of something undone (a like withdrawn, an answer no longer accepted or no longer a promoter's, a story unpublished). */
export function removeAdvocacy(tx: Db, input: Pick<AdvocacyInput, "kind" | "source" | "sourceId" | "contactId">): void {
  tx.delete(advocacyRecords)
    .where(eq(advocacyRecords.key, advocacyKey(input)))
    .run();
}

/** The contact behind a member (null for staff members: the team is not an advocate). */
function contactOfMember(tx: Db, memberId: number): number | null {
  return tx.select({ contactId: communityMembers.contactId }).from(communityMembers).where(eq(communityMembers.id, memberId)).get()?.contactId ?? null;
}

function topicOf(tx: Db, topicId: number) {
  return tx.select({ title: communityTopics.title }).from(communityTopics).where(eq(communityTopics.id, topicId)).get();
}

/** The community's part, registered in `community-events.server`'s AREAS: accepted answers and likes received, as they happen and as they are undone. */
export function advocacyListener(tx: Db, event: CommunityEvent): void {
  if (event.kind === "answerAccepted" || event.kind === "answerUnaccepted") {
    const contactId = contactOfMember(tx, event.answererId);
    if (contactId === null) return;
    const key = { kind: "accepted_answer" as const, source: "community_post" as const, sourceId: event.postId, contactId };
    if (event.kind === "answerUnaccepted") return removeAdvocacy(tx, key);
    recordAdvocacy(tx, { ...key, at: Date.now(), detail: { topicId: event.topicId, title: topicOf(tx, event.topicId)?.title ?? null } });
    return;
  }
  if (event.kind === "liked" || event.kind === "unliked") {
    if (event.memberId === event.authorId) return;
    const contactId = contactOfMember(tx, event.authorId);
    if (contactId === null) return;
    const key = { kind: "like_received" as const, source: "community_like" as const, sourceId: `${event.postId}-${event.memberId}`, contactId };
    if (event.kind === "unliked") return removeAdvocacy(tx, key);
    recordAdvocacy(tx, { ...key, at: Date.now(), detail: { topicId: event.topicId } });
  }
}

/**
 * The response pipeline's part (a response hook, registered below): a promoter's answer is a
 * record dated when it was given; an answer changed to a lower score loses it. Idempotent, as
 * hooks must be.
 */
export function advocacyResponseHook(response: RecordedResponse): void {
  const key = { kind: "promoter_answer" as const, source: "response" as const, sourceId: response.responseId, contactId: response.contactId };
  transaction((tx) => {
    if (response.category !== "promoter") return removeAdvocacy(tx, key);
    recordAdvocacy(tx, { ...key, accountId: response.accountId, at: response.updatedAt, detail: { score: response.score } });
  });
}

/**
 * Writes the records of everything that already happened (promoter answers, accepted answers,
 * likes received, published stories) and are missing: the migration ran the same statements once;
 * the seed and `npm run cli -- advocacy:rebuild` run them again. Records already there stay.
 */
export function rebuildAdvocacyRecords(conn: Db = db): number {
  const before = conn
    .select({ n: sql<number>`count(*)` })
    .from(advocacyRecords)
    .get()!.n;
  const run = (tx: Db) => {
    tx.run(sql`INSERT OR IGNORE INTO advocacy_records (key, kind, account_id, contact_id, at, source, source_id, detail)
      SELECT 'promoter_answer:response:' || r.id || ':' || r.contact_id, 'promoter_answer', r.account_id, r.contact_id, r.updated_at, 'response', CAST(r.id AS TEXT), json_object('score', r.score)
      FROM responses r WHERE r.category = 'promoter'`);
    tx.run(sql`INSERT OR IGNORE INTO advocacy_records (key, kind, account_id, contact_id, at, source, source_id, detail)
      SELECT 'accepted_answer:community_post:' || p.id || ':' || c.id, 'accepted_answer', c.account_id, c.id, coalesce(t.accepted_at, p.created_at), 'community_post', CAST(p.id AS TEXT), json_object('topicId', t.id, 'title', t.title)
      FROM community_topics t JOIN community_posts p ON p.id = t.accepted_post_id JOIN community_members m ON m.id = p.author_id JOIN contacts c ON c.id = m.contact_id
      WHERE t.deleted_at IS NULL AND p.deleted_at IS NULL`);
    tx.run(sql`INSERT OR IGNORE INTO advocacy_records (key, kind, account_id, contact_id, at, source, source_id, detail)
      SELECT 'like_received:community_like:' || l.post_id || '-' || l.member_id || ':' || c.id, 'like_received', c.account_id, c.id, l.created_at, 'community_like', l.post_id || '-' || l.member_id, json_object('topicId', p.topic_id)
      FROM community_likes l JOIN community_posts p ON p.id = l.post_id JOIN community_members m ON m.id = p.author_id JOIN contacts c ON c.id = m.contact_id
      WHERE l.member_id <> p.author_id AND p.deleted_at IS NULL`);
    tx.run(sql`INSERT OR IGNORE INTO advocacy_records (key, kind, account_id, contact_id, at, source, source_id, detail)
      SELECT 'story_published:story:' || s.id || ':' || coalesce(s.contact_id, ''), 'story_published', s.account_id, s.contact_id, s.published_at, 'story', CAST(s.id AS TEXT), json_object('title', s.title)
      FROM stories s WHERE s.status = 'published' AND s.published_at IS NOT NULL`);
  };
  if (conn === db) transaction(run);
  else run(conn);
  return (
    conn
      .select({ n: sql<number>`count(*)` })
      .from(advocacyRecords)
      .get()!.n - before
  );
}
