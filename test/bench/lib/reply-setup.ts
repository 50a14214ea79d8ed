/**
 * Run as its own process against DATABASE_URL, after `member-cookie.ts`: makes the benches'
 * member a member who accepted the guidelines and may post as often as the bench asks (the
 * posting limits of a new member would refuse the 6th reply in an hour), then has 1,000 members
 * watch topic TOPIC_ID. Prints `READY <quiet topic id>`: a topic of the same category nobody watches.
 */
import { sql } from "drizzle-orm";
import { ensureContactMember } from "../../../app/models/community-member.server";
import { db } from "../../../app/utils/db.server";
import { allowManyPosts } from "../../factories/community-moderation";

const topicId = Number(process.env.TOPIC_ID);
const WATCHERS = 1_000;

const contact = db.get<{ id: number; email: string; name: string | null }>(
  sql`SELECT id, email, name FROM contacts WHERE email LIKE 'bench-member-%' ORDER BY id DESC LIMIT 1`,
);
const member = ensureContactMember(db, contact);
db.run(sql`UPDATE community_members SET guidelines_accepted_at = ${Date.now()} WHERE id = ${member.id}`);
allowManyPosts();
db.run(sql`INSERT OR IGNORE INTO community_watches (member_id, topic_id, level, updated_at)
  SELECT id, ${topicId}, 'watching', ${Date.now()} FROM community_members WHERE contact_id IS NOT NULL AND id <> ${member.id} ORDER BY id LIMIT ${WATCHERS}`);
const quiet = db.get<{
  id: number;
}>(sql`SELECT t.id FROM community_topics t WHERE t.category_id = (SELECT category_id FROM community_topics WHERE id = ${topicId})
  AND t.id <> ${topicId} AND t.hidden_at IS NULL AND t.deleted_at IS NULL AND t.locked_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM community_watches w WHERE w.topic_id = t.id) ORDER BY t.id DESC LIMIT 1`);
process.stdout.write(`READY ${quiet.id}\n`);
