import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { communityMembers, communityTopics, jobs, outbox } from "../../db/schema";
import { communityNotifyJob } from "../../app/jobs/job-types.server";
import { ensureContactMember } from "../../app/models/community-member.server";
import { putEmailFrequency } from "../../app/models/community-notification.server";
import { putSetting } from "../../app/models/settings.server";
import { alertUnansweredQuestions, sendCommunityDigests } from "../../app/services/community-digest.server";
import { COMMUNITY_NOTIFY_JOB, runCommunityNotifyJob } from "../../app/services/community-notify.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { requireCommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { contactCookie, createAccount, createContact, createStaff, getRequest } from "../factories";
import { outboxEmails } from "../factories/outbox";

async function person(options: { segment?: "high" | "low" | "tech"; locale?: "en" | "ja"; csmUserId?: number } = {}) {
  const contact = createContact({
    accountId: createAccount({ segment: options.segment ?? "tech", csmUserId: options.csmUserId ?? null }).id,
    locale: options.locale ?? "en",
  });
  const member = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, member.id)).run();
  return { reader: await requireCommunityReader(getRequest("/community", await contactCookie(contact.id))), memberId: member.id, email: contact.email };
}

async function runNotifyJobs() {
  for (const job of db
    .select()
    .from(jobs)
    .where(and(eq(jobs.type, COMMUNITY_NOTIFY_JOB), eq(jobs.status, "queued")))
    .all()) {
    await runCommunityNotifyJob(communityNotifyJob.parse(job.payload));
    db.update(jobs).set({ status: "done" }).where(eq(jobs.id, job.id)).run();
  }
}

const slotAfter = (ms = 60_000) => ({ day: new Date(Date.now() + ms).toISOString().slice(0, 10), at: Date.now() + ms });

describe("community daily emails", () => {
  it("a daily member gets one digest in their language, listing unread notifications; a re-run sends nothing", async () => {
    const asker = await person({ locale: "ja" });
    const other = await person();
    putEmailFrequency(db, asker.memberId, "daily", Date.now());
    const { topicId } = startTopic(asker.reader, { category: "questions", title: "週ごとの書き出し", body: "方法は？" });
    replyToTopic(other.reader, topicId, { body: "Export を使います。" });
    await runNotifyJobs();
    // Daily: no instant email.
    expect(outboxEmails(eq(outbox.toEmail, asker.email))).toHaveLength(0);

    const slot = slotAfter();
    await sendCommunityDigests(slot);
    const digests = outboxEmails(eq(outbox.toEmail, asker.email));
    expect(digests).toHaveLength(1);
    expect(digests[0].locale).toBe("ja");
    expect(digests[0].subject).toContain("コミュニティの新しい通知が 1 件");
    expect(digests[0].html).toContain("週ごとの書き出し");
    expect(digests[0].headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(digests[0].links).toEqual({ kind: "community-unsubscribe", memberId: asker.memberId, emailKind: "digest" });

    await sendCommunityDigests(slot);
    expect(outboxEmails(eq(outbox.toEmail, asker.email))).toHaveLength(1);
  });

  it("a CSM's digest lists posts by members of their high- and low-touch accounts only, once a day", async () => {
    const csm = createStaff("csm");
    const high = await person({ segment: "high", csmUserId: csm.id });
    const tech = await person({ segment: "tech", csmUserId: csm.id });
    startTopic(high.reader, { category: "questions", title: "High-touch question", body: "Help?" });
    startTopic(tech.reader, { category: "questions", title: "Tech-touch question", body: "Help?" });
    const slot = slotAfter(120_000);
    await sendCommunityDigests(slot);
    await sendCommunityDigests(slot);
    const emails = outboxEmails(eq(outbox.toEmail, csm.email));
    expect(emails).toHaveLength(1);
    expect(emails[0].html).toContain("High-touch question");
    expect(emails[0].html).not.toContain("Tech-touch question");
  });

  it("an unanswered question from a CSM's account past the setting emails the CSM once; an answered one does not", async () => {
    const csm = createStaff("csm");
    const asker = await person({ segment: "low", csmUserId: csm.id });
    const helper = await person();
    const old = new Date(Date.now() - 25 * 3_600_000);
    const lonely = startTopic(asker.reader, { category: "questions", title: "Nobody answers me", body: "Hello?" });
    const answered = startTopic(asker.reader, { category: "questions", title: "Answered quickly", body: "Hello?" });
    replyToTopic(helper.reader, answered.topicId, { body: "Here." });
    const recent = startTopic(asker.reader, { category: "questions", title: "Asked just now", body: "Hello?" });
    for (const topicId of [lonely.topicId, answered.topicId]) db.update(communityTopics).set({ createdAt: old }).where(eq(communityTopics.id, topicId)).run();

    expect(await alertUnansweredQuestions()).toBe(1);
    expect(await alertUnansweredQuestions()).toBe(0);
    const emails = outboxEmails(eq(outbox.toEmail, csm.email));
    expect(emails.map((e) => e.subject)).toEqual([expect.stringContaining("Nobody answers me")]);
    expect(recent.topicId).toBeGreaterThan(0);
  });

  it("the CSM's alert waits as long as the unanswered-queue setting says", async () => {
    const csm = createStaff("csm");
    const asker = await person({ segment: "high", csmUserId: csm.id });
    const { topicId } = startTopic(asker.reader, { category: "questions", title: "Waiting thirty hours", body: "Hello?" });
    db.update(communityTopics)
      .set({ createdAt: new Date(Date.now() - 30 * 3_600_000) })
      .where(eq(communityTopics.id, topicId))
      .run();
    const subjects = () => outboxEmails(eq(outbox.toEmail, csm.email)).map((e) => e.subject);
    try {
      putSetting("communityQueue", { unansweredAfterHours: 48 });
      await alertUnansweredQuestions();
      expect(subjects().filter((s) => s.includes("Waiting thirty hours"))).toHaveLength(0);
      putSetting("communityQueue", { unansweredAfterHours: 24 });
      await alertUnansweredQuestions();
      expect(subjects().filter((s) => s.includes("Waiting thirty hours"))).toHaveLength(1);
    } finally {
      putSetting("communityQueue", { unansweredAfterHours: 24 });
    }
  });
});
