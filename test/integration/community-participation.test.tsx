import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { CommunityParticipationCard, ContactParticipationCell } from "../../app/components/community-participation";
import { contacts, communityMembers, communityPosts } from "../../db/schema";
import { loader as accountLoader } from "../../app/routes/cs.accounts.$id";
import { communityParticipation, contactCommunityParticipation } from "../../app/services/community-participation.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";
import { acceptAnswer, clearCommunity, createMember, createReply, createTopic, like } from "../factories/community-participation";
import { renderIn } from "../setup/render-in";

const NOW = new Date("2026-12-07T09:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

beforeEach(() => clearCommunity());

describe("community participation per account", () => {
  it("counts members, active members, topics, replies, accepted answers and likes of the account's contacts only", () => {
    const account = createAccount();
    const other = createAccount();
    const asker = createMember({ contactId: createContact({ accountId: account.id }).id });
    const answerer = createMember({ contactId: createContact({ accountId: account.id }).id });
    const quiet = createMember({ contactId: createContact({ accountId: account.id }).id });
    const outsider = createMember({ contactId: createContact({ accountId: other.id }).id });
    const staff = createMember({ userId: createStaff("csm").id });

    const old = createTopic(asker.id, { createdAt: daysAgo(100) });
    const question = createTopic(outsider.id, { createdAt: daysAgo(60) });
    const answer = createReply(question.id, answerer.id, daysAgo(20));
    acceptAnswer(question.id, answer, daysAgo(19));
    like(answer, outsider.id, daysAgo(19));
    like(answer, staff.id, daysAgo(18));
    createReply(old.id, staff.id, daysAgo(99));
    void quiet;

    expect(communityParticipation(account.id, NOW)).toEqual({
      accountId: account.id,
      members: 3,
      active30: 1,
      active90: 1,
      topics: 1,
      replies: 1,
      acceptedAnswers: 1,
      likesReceived: 2,
      lastActivityAt: daysAgo(20).getTime(),
    });
    expect(communityParticipation(other.id, NOW)).toMatchObject({ members: 1, topics: 1, replies: 0, acceptedAnswers: 0, active30: 0, active90: 1 });
    expect(contactCommunityParticipation(answerer.contactId!, NOW)).toMatchObject({
      member: true,
      replies: 1,
      acceptedAnswers: 1,
      likesReceived: 2,
      active30: true,
    });
    expect(contactCommunityParticipation(createContact({ accountId: account.id }).id, NOW)).toMatchObject({ member: false, topics: 0 });
  });

  it("an account nobody of which takes part reads as zero, not missing", () => {
    const account = createAccount();
    createContact({ accountId: account.id });
    expect(communityParticipation(account.id, NOW)).toMatchObject({ members: 0, topics: 0, lastActivityAt: null });
  });

  it("stays equal to a recount after members leave and contacts change account", () => {
    const a = createAccount();
    const b = createAccount();
    const people = Array.from({ length: 6 }, (_, i) => createMember({ contactId: createContact({ accountId: i % 2 ? a.id : b.id }).id }));
    const topics = people.map((person, i) => createTopic(person.id, { createdAt: daysAgo(10 + i) }));
    topics.forEach((topic, i) => {
      const reply = createReply(topic.id, people[(i + 1) % 6].id, daysAgo(5));
      if (i % 2) acceptAnswer(topic.id, reply, daysAgo(4));
      like(reply, people[(i + 2) % 6].id, daysAgo(3));
    });
    // A contact moves to the other account; a member (with no posts of theirs left) leaves.
    db.update(contacts).set({ accountId: a.id }).where(eq(contacts.id, people[0].contactId!)).run();
    const leaving = createMember({ contactId: createContact({ accountId: b.id }).id }, { topicCount: 3, replyCount: 2 });
    db.delete(communityMembers).where(eq(communityMembers.id, leaving.id)).run();

    for (const account of [a, b]) {
      const recount = db.get<{ members: number; topics: number; replies: number; accepted: number; likes: number }>(sql`
        SELECT count(*) AS members, sum(m.topic_count) AS topics, sum(m.reply_count) AS replies,
          sum(m.accepted_answer_count) AS accepted, sum(m.likes_received) AS likes
        FROM community_members m JOIN contacts c ON c.id = m.contact_id WHERE c.account_id = ${account.id}`);
      expect(communityParticipation(account.id, NOW)).toMatchObject({
        members: recount.members,
        topics: recount.topics,
        replies: recount.replies,
        acceptedAnswers: recount.accepted,
        likesReceived: recount.likes,
      });
    }
    expect(communityParticipation(a.id, NOW).members).toBe(4);
  });
});

describe("a topic's first answer", () => {
  it("is the first visible reply by someone else, and comes back when that reply is hidden", () => {
    const asker = createMember({ contactId: createContact().id });
    const helper = createMember({ contactId: createContact().id });
    const topic = createTopic(asker.id, { createdAt: daysAgo(3) });
    const firstAnswer = () => db.get<{ at: number | null }>(sql`SELECT first_answer_at AS at FROM community_topic_answers WHERE topic_id = ${topic.id}`).at;
    createReply(topic.id, asker.id, daysAgo(2.5));
    expect(firstAnswer()).toBeNull();
    const early = createReply(topic.id, helper.id, daysAgo(2));
    createReply(topic.id, helper.id, daysAgo(1));
    expect(firstAnswer()).toBe(daysAgo(2).getTime());
    db.update(communityPosts).set({ hiddenAt: NOW }).where(eq(communityPosts.id, early.id)).run();
    expect(firstAnswer()).toBe(daysAgo(1).getTime());
  });
});

describe("the account 360 shows it", () => {
  it("puts the community card and each contact's participation on the page, in English and Japanese", async () => {
    const account = createAccount({ name: "Hoshino Denki" });
    const contact = createContact({ accountId: account.id });
    const member = createMember({ contactId: contact.id });
    createTopic(member.id, { createdAt: daysAgo(2) });
    const user = createStaff("viewer");
    const data = await accountLoader({
      request: getRequest(`/cs/accounts/${account.id}`, await staffCookie(user.id)),
      params: { id: String(account.id) },
      context: {},
    });
    expect(data.community).toMatchObject({ members: 1, topics: 1, active30: 1 });
    expect(data.contacts[0].community).toMatchObject({ member: true, topics: 1 });

    const en = await renderIn("en", <CommunityParticipationCard community={data.community} accountName={account.name} />);
    expect(en).toContain("Active in 30 days");
    const ja = await renderIn("ja", <CommunityParticipationCard community={data.community} accountName={account.name} />);
    expect(ja).toContain("30 日以内に活動");
    expect(ja).toContain("メンバー 1 人");
    expect(await renderIn("ja", <ContactParticipationCell community={null} />)).toContain("未参加");
  });
});
