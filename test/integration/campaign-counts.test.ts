import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { campaigns, contacts, invitations, jobs, outbox, responses } from "../../db/schema";
import { action as newAction } from "../../app/routes/cs.campaigns.new";
import { loader as listLoader } from "../../app/routes/cs.campaigns._index";
import { campaignProgress, listCampaigns } from "../../app/models/campaign.server";
import { markDueOutboxLocal } from "../../app/models/outbox.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import "../../app/jobs/campaigns.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";
import { createCampaign, createInvitation } from "../factories/nps";

/**
 * The campaign list reads its counts from `campaign_counts`, kept by triggers. The oracle is the
 * list's former query, which counted every invitation on each view: after each kind of write,
 * both must agree for every campaign.
 */
function recount() {
  return db.all<{ id: number; invited: number; reached: number; answered: number }>(sql`
    SELECT c.id,
      (SELECT count(*) FROM invitations i WHERE i.campaign_id = c.id) AS invited,
      (SELECT count(*) FROM invitations i LEFT JOIN outbox o ON o.id = i.outbox_id
        WHERE i.campaign_id = c.id AND (i.status IN ('sent','delivered','delayed') OR (i.status = 'queued' AND o.status IN ('sent','local')))) AS reached,
      (SELECT count(*) FROM responses r WHERE r.campaign_id = c.id) AS answered
    FROM campaigns c ORDER BY c.id`);
}

function listed() {
  return listCampaigns(200)
    .map(({ id, invited, reached, answered }) => ({ id, invited, reached, answered }))
    .sort((a, b) => a.id - b.id);
}

function expectCountsExact() {
  expect(listed()).toEqual(recount());
}

function queueEmail(status: "queued" | "sending" | "sent" | "local" | "dead" = "queued") {
  const now = Date.now();
  return db
    .insert(outbox)
    .values({
      template: "nps-invitation",
      toEmail: "someone@example.test",
      fromEmail: "kizuna@example.test",
      subject: "How likely…",
      headers: {},
      tags: [],
      locale: "en",
      status,
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning()
    .get().id;
}

beforeEach(() => {
  for (const table of [responses, invitations, campaigns, jobs, outbox, contacts]) db.delete(table).run();
});

describe("campaign list counts", () => {
  it("follow a wave launched from the console through local delivery and answers", async () => {
    const adminCookie = await staffCookie(createStaff("admin").id);
    const account = createAccount({ segment: "low", startDate: "2020-01-01" });
    for (let i = 0; i < 4; i++) createContact({ accountId: account.id });
    await newAction({
      request: formRequest(
        "/cs/campaigns/new",
        {
          name: "Q3 pulse",
          segments: "low",
          throttleDays: "90",
          minAccountAgeDays: "30",
          reminderAfterDays: "3",
          samplePercent: "",
          dailyCap: "",
          schedule: "now",
          startAt: "",
          tzOffset: "0",
          intent: "launch",
        },
        adminCookie,
      ),
      params: {},
      context: {},
    } as never);
    await runDueJobs();
    expectCountsExact();
    expect(listed()[0]).toMatchObject({ invited: 4, reached: 0 });

    markDueOutboxLocal(Date.now() + 1_000);
    expectCountsExact();
    expect(listed()[0]).toMatchObject({ invited: 4, reached: 4 });

    const page = (await listLoader({ request: getRequest("/cs/campaigns", adminCookie), params: {}, context: {} } as never)) as {
      campaigns: { invited: number; reached: number; answered: number }[];
    };
    expect(page.campaigns[0]).toMatchObject({ invited: 4, reached: 4, answered: 0 });
  });

  it("stay exact through invitation, outbox and response changes of every kind", () => {
    const wave = createCampaign();
    const other = createCampaign();
    const delivered = createInvitation({ campaignId: wave.id });
    const bounced = createInvitation({ campaignId: wave.id, status: "bounced" });
    const queued = createInvitation({ campaignId: wave.id, status: "queued" });
    const pending = createInvitation({ campaignId: other.id, status: "pending" });
    expectCountsExact();

    // The outbox takes the queued invitation's email, then the provider takes it, then it is retried.
    const email = queueEmail();
    db.update(invitations).set({ outboxId: email }).where(eq(invitations.id, queued.invitation.id)).run();
    expectCountsExact();
    for (const status of ["sending", "sent", "queued", "local", "dead"] as const) {
      db.update(outbox).set({ status }).where(eq(outbox.id, email)).run();
      expectCountsExact();
    }
    // A reminder moves the invitation to a new email that is already sent; the old one goes away.
    db.update(outbox).set({ status: "sent" }).where(eq(outbox.id, email)).run();
    const reminder = queueEmail("sent");
    db.update(invitations).set({ outboxId: reminder }).where(eq(invitations.id, queued.invitation.id)).run();
    expectCountsExact();
    db.delete(outbox).where(eq(outbox.id, reminder)).run();
    expectCountsExact();

    // Webhooks move statuses; a pending invitation is sent; one moves to another campaign.
    db.update(invitations).set({ status: "delivered" }).where(eq(invitations.id, bounced.invitation.id)).run();
    db.update(invitations).set({ status: "complained" }).where(eq(invitations.id, delivered.invitation.id)).run();
    db.update(invitations).set({ status: "sent" }).where(eq(invitations.id, pending.invitation.id)).run();
    expectCountsExact();
    db.update(invitations).set({ campaignId: other.id }).where(eq(invitations.id, bounced.invitation.id)).run();
    expectCountsExact();

    // Answers, through the answer path; a deleted campaign leaves its answers without one.
    expect(recordNpsResponse(delivered.token, 3, "slow", "127.0.0.1").kind).toBe("recorded");
    expect(recordNpsResponse(pending.token, 10, "", "127.0.0.1").kind).toBe("recorded");
    expectCountsExact();
    expect(listed().map((c) => c.answered)).toEqual([1, 1]);
    db.update(responses).set({ campaignId: other.id }).where(eq(responses.invitationId, delivered.invitation.id)).run();
    expectCountsExact();
    db.delete(responses).where(eq(responses.invitationId, pending.invitation.id)).run();
    expectCountsExact();

    // Deleting a contact deletes its invitations.
    db.delete(contacts).where(eq(contacts.id, queued.contactId)).run();
    expectCountsExact();
    db.delete(invitations).where(eq(invitations.id, delivered.invitation.id)).run();
    expectCountsExact();
    db.delete(campaigns).where(eq(campaigns.id, wave.id)).run();
    expect(listed()).toEqual(recount());
  });
});

/**
 * The campaign page's figures come from `campaign_progress_counts`, kept by triggers. The oracle
 * is the page's former query, one pass over every invitation of the wave: after each kind of
 * write, both must agree for every campaign.
 */
function progressRecount(campaignId: number) {
  return db.get<Record<string, number>>(sql`
    SELECT count(i.id) AS invitations,
      coalesce(sum(CASE WHEN i.status = 'pending' OR (i.status = 'queued' AND coalesce(o.status, '') NOT IN ('sent','local')) THEN 1 ELSE 0 END), 0) AS queued,
      coalesce(sum(CASE WHEN i.status IN ('sent','delivered','delayed','bounced','complained') OR (i.status = 'queued' AND o.status IN ('sent','local')) THEN 1 ELSE 0 END), 0) AS sent,
      coalesce(sum(CASE WHEN i.status = 'delivered' OR i.delivered_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS delivered,
      coalesce(sum(CASE WHEN i.status = 'bounced' THEN 1 ELSE 0 END), 0) AS bounced,
      coalesce(sum(CASE WHEN i.status = 'complained' THEN 1 ELSE 0 END), 0) AS complained,
      coalesce(sum(CASE WHEN i.status = 'failed' THEN 1 ELSE 0 END), 0) AS failed,
      coalesce(sum(CASE WHEN i.status = 'cancelled' THEN 1 ELSE 0 END), 0) AS cancelled,
      (SELECT count(*) FROM responses r WHERE r.campaign_id = ${campaignId}) AS answered,
      coalesce(sum(CASE WHEN i.scanned_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS scanned,
      coalesce(sum(CASE WHEN i.reminded_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS reminded
    FROM invitations i LEFT JOIN outbox o ON o.id = i.outbox_id WHERE i.campaign_id = ${campaignId}`);
}

function expectProgressExact(...campaignIds: number[]) {
  for (const id of campaignIds) expect({ id, ...campaignProgress(id) }).toEqual({ id, ...progressRecount(id) });
}

describe("campaign page counts", () => {
  it("stay exact through invitation, outbox and response changes of every kind", () => {
    const wave = createCampaign();
    const other = createCampaign();
    const delivered = createInvitation({ campaignId: wave.id });
    const bounced = createInvitation({ campaignId: wave.id, status: "bounced" });
    const queued = createInvitation({ campaignId: wave.id, status: "queued" });
    const pending = createInvitation({ campaignId: other.id, status: "pending" });
    const failed = createInvitation({ campaignId: wave.id, status: "failed" });
    expectProgressExact(wave.id, other.id);
    expect(campaignProgress(wave.id)).toMatchObject({ invitations: 4, queued: 1, failed: 1, bounced: 1 });

    // The queued invitation's email is taken by the outbox, then the provider, then retried, then dead.
    const email = queueEmail();
    db.update(invitations).set({ outboxId: email }).where(eq(invitations.id, queued.invitation.id)).run();
    expectProgressExact(wave.id, other.id);
    for (const status of ["sending", "sent", "queued", "local", "dead", "sent"] as const) {
      db.update(outbox).set({ status }).where(eq(outbox.id, email)).run();
      expectProgressExact(wave.id, other.id);
    }
    expect(campaignProgress(wave.id).queued).toBe(0);

    // Delivered, scanned and reminded marks on a queued (taken) invitation, then its email goes away.
    db.update(invitations).set({ deliveredAt: Date.now(), scannedAt: Date.now() }).where(eq(invitations.id, queued.invitation.id)).run();
    db.update(invitations).set({ remindedAt: Date.now() }).where(eq(invitations.id, queued.invitation.id)).run();
    expectProgressExact(wave.id, other.id);
    const reminder = queueEmail("sent");
    db.update(invitations).set({ outboxId: reminder }).where(eq(invitations.id, queued.invitation.id)).run();
    expectProgressExact(wave.id, other.id);
    db.delete(outbox).where(eq(outbox.id, reminder)).run();
    expectProgressExact(wave.id, other.id);
    expect(campaignProgress(wave.id)).toMatchObject({ queued: 1, scanned: 1, reminded: 1 });

    // Webhooks move statuses; a pending invitation is sent, then cancelled; one moves campaign.
    db.update(invitations).set({ status: "delivered" }).where(eq(invitations.id, bounced.invitation.id)).run();
    db.update(invitations).set({ status: "complained" }).where(eq(invitations.id, delivered.invitation.id)).run();
    db.update(invitations).set({ status: "sent" }).where(eq(invitations.id, pending.invitation.id)).run();
    expectProgressExact(wave.id, other.id);
    db.update(invitations).set({ status: "cancelled", deliveredAt: null }).where(eq(invitations.id, failed.invitation.id)).run();
    db.update(invitations).set({ campaignId: other.id }).where(eq(invitations.id, bounced.invitation.id)).run();
    expectProgressExact(wave.id, other.id);

    // Answers; deleted contacts, invitations and campaigns.
    expect(recordNpsResponse(delivered.token, 3, "slow", "127.0.0.1").kind).toBe("recorded");
    expectProgressExact(wave.id, other.id);
    expect(campaignProgress(wave.id).answered).toBe(1);
    db.delete(contacts).where(eq(contacts.id, queued.contactId)).run();
    db.delete(invitations).where(eq(invitations.id, delivered.invitation.id)).run();
    expectProgressExact(wave.id, other.id);
    db.delete(campaigns).where(eq(campaigns.id, wave.id)).run();
    expectProgressExact(wave.id, other.id);
    expect(db.all(sql`SELECT * FROM campaign_progress_counts WHERE campaign_id = ${wave.id}`)).toEqual([]);
  });

  it("follow a wave launched from the console through local delivery", async () => {
    const adminCookie = await staffCookie(createStaff("admin").id);
    const account = createAccount({ segment: "low", startDate: "2020-01-01" });
    for (let i = 0; i < 3; i++) createContact({ accountId: account.id });
    await newAction({
      request: formRequest(
        "/cs/campaigns/new",
        {
          name: "Pulse",
          segments: "low",
          throttleDays: "90",
          minAccountAgeDays: "30",
          reminderAfterDays: "3",
          samplePercent: "",
          dailyCap: "",
          schedule: "now",
          startAt: "",
          tzOffset: "0",
          intent: "launch",
        },
        adminCookie,
      ),
      params: {},
      context: {},
    } as never);
    await runDueJobs();
    const id = listed()[0].id;
    expectProgressExact(id);
    expect(campaignProgress(id)).toMatchObject({ invitations: 3, queued: 3, sent: 0 });
    markDueOutboxLocal(Date.now() + 1_000);
    expectProgressExact(id);
    expect(campaignProgress(id)).toMatchObject({ invitations: 3, queued: 0, sent: 3 });
  });
});
