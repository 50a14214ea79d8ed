/**
 * Run against the e2e server's database (DATABASE_URL): three customer accounts (two currencies'
 * worth of ACV in the reporting one) voting on two ideas tagged with a product area of this run's
 * own, and an NPS answer with a comment to link from its page. Prints `AREA <tag>`, `IDEA <id>`
 * (the idea with the most ARR asking), `OTHER <id>`, `RESPONSE <id>`, `COMMENT <text>`.
 */
import { eq, sql } from "drizzle-orm";
import { categoryFor } from "../../app/domain/nps";
import { ensureContactMember } from "../../app/models/community-member.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { voteForIdea } from "../../app/services/idea-votes.server";
import { requireCommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { communityMembers, responses, users } from "../../db/schema";
import { contactCookie, createAccount, createContact, getRequest, staffCookie } from "../factories";
import { E2E_STAFF } from "./fixtures";

const stamp = Date.now();
const area = `voice${stamp}`;
const staff = db.select().from(users).where(eq(users.email, E2E_STAFF.csm.email)).get()!;
const author = await requireCommunityReader(getRequest("/community", await staffCookie(staff.id)));
const post = (title: string) => startTopic(author, { category: "ideas", title, body: "Asked for by several customers." }).topicId;
const exportIdea = post(`Weekly export of NPS answers ${stamp}`);
const alertsIdea = post(`Alerts for detractors in Slack ${stamp}`);
db.run(sql`UPDATE ideas SET areas = json_array(${area}) WHERE topic_id IN (${exportIdea}, ${alertsIdea})`);

async function voter(name: string, segment: "high" | "low" | "tech", acvAmount: number) {
  const account = createAccount({ externalId: `voice-${name}-${stamp}`, name: `${name} ${stamp}`, segment, acvAmount, acvCurrency: "JPY" });
  const contact = createContact({ email: `${name.toLowerCase()}-${stamp}@e2e-customer.test`, name: `${name} Contact`, locale: "en", accountId: account.id });
  const member = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, member.id)).run();
  return { contact, reader: await requireCommunityReader(getRequest("/community", await contactCookie(contact.id))) };
}
const big = await voter("Globex", "high", 24_000_000);
const mid = await voter("Umbrella", "low", 3_000_000);
const small = await voter("Piper", "tech", 400_000);
for (const person of [big, mid, small]) voteForIdea(person.reader, exportIdea);
for (const person of [mid, small]) voteForIdea(person.reader, alertsIdea);

const comment = `The weekly export times out every Monday (${stamp})`;
const now = Date.now() - 3_600_000;
const response = db
  .insert(responses)
  .values({
    contactId: big.contact.id,
    accountId: big.contact.accountId,
    score: 4,
    comment,
    category: categoryFor(4),
    locale: "en",
    createdAt: now,
    updatedAt: now,
  })
  .returning()
  .get();
process.stdout.write(`AREA ${area}\nIDEA ${exportIdea}\nOTHER ${alertsIdea}\nRESPONSE ${response.id}\nCOMMENT ${comment}\n`);
