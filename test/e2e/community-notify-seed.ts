/**
 * Run against the e2e server's database (DATABASE_URL): a new customer asks a question in the
 * community and chose instant email; another member replies through the community service, which
 * queues the notification job the running server's worker then handles. Prints `AUTHOR <email>`.
 */
import { eq } from "drizzle-orm";
import { communityMembers } from "../../db/schema";
import { ensureContactMember } from "../../app/models/community-member.server";
import { putEmailFrequency } from "../../app/models/community-notification.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { requireCommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { contactCookie, createAccount, createContact, getRequest } from "../factories";

const stamp = Date.now();
async function member(email: string, name: string) {
  const contact = createContact({ email, name, locale: "en", accountId: createAccount({ name: `${name} 株式会社`, segment: "tech" }).id });
  const row = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, row.id)).run();
  return { memberId: row.id, reader: await requireCommunityReader(getRequest("/community", await contactCookie(contact.id))) };
}

const author = await member(`asker-${stamp}@e2e-customer.test`, "青木 明");
const replier = await member(`helper-${stamp}@e2e-customer.test`, "橋本 花");
putEmailFrequency(db, author.memberId, "instant", Date.now());
const { topicId } = startTopic(author.reader, { category: "questions", title: `Weekly export ${stamp}`, body: "How do I export last week's responses?" });
replyToTopic(replier.reader, topicId, { body: "Filter the week on the responses page, then Export CSV." });
process.stdout.write(`AUTHOR asker-${stamp}@e2e-customer.test\nTITLE Weekly export ${stamp}\n`);
