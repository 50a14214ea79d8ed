import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, campaigns, contacts, invitations, jobs, outbox, outboxBodies, outboxFills, outboxTemplates, responses, suppressions } from "../../db/schema";
import { DAY_MS, isoDate, isSampled } from "../../app/domain/campaign-rules";
import { fanOutCampaign, sendCampaignReminders } from "../../app/jobs/campaigns.server";
import { campaignProgress, CANCELLED_BY_CAMPAIGN, FAN_OUT_JOB } from "../../app/models/campaign.server";
import type { StaffUser } from "../../app/models/user.server";
import { cancelCampaign } from "../../app/services/cancel-campaign.server";
import { closeCampaign } from "../../app/services/close-campaign.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { ServiceError } from "../../app/domain/service-error";
import { createCampaign } from "../../app/services/create-campaign.server";
import { createAndLaunchCampaign, launchCampaign } from "../../app/services/launch-campaign.server";
import { previewCampaignAudience } from "../../app/services/preview-campaign-audience.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { db, transaction } from "../../app/utils/db.server";
import { saveBodyTemplate } from "../../app/utils/email.server";
import { fillLinks } from "../../app/utils/email-links.server";
import { invitationTokens } from "../../app/utils/invitation-tokens.server";
import { createAccount, createContact, createStaff } from "../factories";
import { outboxEmails } from "../factories/outbox";

let admin: { user: StaffUser };

const NO_SAMPLE = { samplePercent: null, dailyCap: null };

beforeEach(() => {
  for (const table of [invitations, campaigns, jobs, outbox, suppressions, contacts]) db.delete(table).run();
  const user = createStaff("admin");
  admin = { user: { id: user.id, email: user.email, name: user.name, role: user.role } };
});

function invitationsOf(campaignId: number) {
  return db.select().from(invitations).where(eq(invitations.campaignId, campaignId)).all();
}

/** Contacts in a low-touch account that every rule lets through. */
function eligibleContacts(n: number, overrides: Partial<typeof contacts.$inferInsert> = {}) {
  const account = createAccount({ segment: "low", startDate: "2020-01-01" });
  return Array.from({ length: n }, () => createContact({ accountId: account.id, ...overrides }));
}

/** One contact per exclusion rule, plus `eligible` who pass, plus one outside the targeting. */
function audienceWithEveryExclusion(eligible: number) {
  const passing = eligibleContacts(eligible);
  const account = createAccount({ segment: "low", startDate: "2020-01-01" });
  const unsubscribed = createContact({ accountId: account.id, unsubscribedAt: new Date() });
  const suppressed = createContact({ accountId: account.id });
  db.insert(suppressions).values({ email: suppressed.email, reason: "bounced" }).run();
  const surveyed = createContact({ accountId: account.id });
  const earlier = db
    .insert(campaigns)
    .values({
      name: "Spring wave",
      status: "sent",
      targeting: {},
      rules: { throttleDays: 90, minAccountAgeDays: 30, samplePercent: null, dailyCap: null, reminderAfterDays: null },
      createdAt: Date.now() - 10 * DAY_MS,
    })
    .returning()
    .get();
  db.insert(invitations)
    .values({
      campaignId: earlier.id,
      contactId: surveyed.id,
      accountId: account.id,
      tokenHash: "t-old",
      unsubscribeTokenHash: "u-old",
      locale: "en",
      status: "delivered",
      dueAt: 0,
      createdAt: Date.now() - 10 * DAY_MS,
    })
    .run();
  const newAccount = createAccount({ segment: "low", startDate: isoDate(Date.now() - 5 * DAY_MS) });
  const tooNew = createContact({ accountId: newAccount.id });
  createContact({ accountId: createAccount({ segment: "high", startDate: "2020-01-01" }).id });
  return { passing, unsubscribed, suppressed, surveyed, tooNew };
}

describe("audience preview", () => {
  it("counts the targeted contacts and what each rule removes, writing nothing", () => {
    audienceWithEveryExclusion(3);
    const preview = previewCampaignAudience(admin, { name: "Q3", targeting: { segments: ["low"] } });
    expect(preview).toMatchObject({ targeted: 7, excluded: { unsubscribed: 1, suppressed: 1, throttled: 1, tooNew: 1 }, eligible: 3, recipients: 3, days: 1 });
    // Rules from the survey settings apply unless the form changes them.
    expect(preview.campaign.rules).toMatchObject({ throttleDays: 90, minAccountAgeDays: 30, reminderAfterDays: 3 });
    expect(db.select().from(campaigns).all()).toHaveLength(1);

    const relaxed = previewCampaignAudience(admin, { name: "Q3", targeting: { segments: ["low"] }, rules: { throttleDays: 5, minAccountAgeDays: 0 } });
    expect(relaxed).toMatchObject({ eligible: 5, excluded: { throttled: 0, tooNew: 0 } });
  });

  it("targets by stage, CSM, language and account list", () => {
    const csm = createStaff("csm");
    const a = createAccount({ segment: "tech", stage: "renewal", csmUserId: csm.id, startDate: "2020-01-01", externalId: "crm-a" });
    const b = createAccount({ segment: "tech", stage: "adoption", startDate: "2020-01-01", externalId: "crm-b" });
    createContact({ accountId: a.id, locale: "ja" });
    createContact({ accountId: a.id, locale: "en" });
    createContact({ accountId: b.id, locale: "ja" });
    const count = (targeting: object) => previewCampaignAudience(admin, { name: "x", targeting }).targeted;
    expect(count({ stages: ["renewal"] })).toBe(2);
    expect(count({ csmUserIds: [csm.id] })).toBe(2);
    expect(count({ locales: ["ja"] })).toBe(2);
    expect(count({ accountExternalIds: ["crm-b"] })).toBe(1);
    expect(count({ locales: ["ja"], accountExternalIds: ["crm-a", "crm-b"] })).toBe(2);
  });

  it("estimates a sample and the days a daily cap takes", () => {
    eligibleContacts(10);
    expect(previewCampaignAudience(admin, { name: "x", rules: { samplePercent: 50 } })).toMatchObject({ eligible: 10, recipients: 5, sampled: true });
    expect(previewCampaignAudience(admin, { name: "x", rules: { dailyCap: 3 } })).toMatchObject({ recipients: 10, days: 4 });
  });
});

describe("launching a campaign", () => {
  it("snapshots the survey, queues the fan-out, and the fan-out writes one invitation and one email per contact", async () => {
    const { passing } = audienceWithEveryExclusion(3);
    const { campaign, recipients } = createAndLaunchCampaign(admin, { name: "Q3 pulse", targeting: { segments: ["low"] } });
    expect(recipients).toBe(3);
    expect(campaign).toMatchObject({ status: "sending", recipients: 3 });
    expect(campaign.survey).toMatchObject({ productName: "Kizuna" });
    expect(db.select().from(jobs).where(eq(jobs.type, FAN_OUT_JOB)).all()).toHaveLength(1);
    expect(invitationsOf(campaign.id)).toHaveLength(0);

    await runDueJobs();
    const written = invitationsOf(campaign.id);
    expect(written.map((i) => i.contactId).sort()).toEqual(passing.map((c) => c.id).sort());
    expect(written.every((i) => i.status === "queued" && i.outboxId !== null)).toBe(true);
    const emails = outboxEmails();
    expect(emails.map((e) => e.toEmail).sort()).toEqual(passing.map((c) => c.email).sort());

    // Each email carries its own invitation's survey and unsubscribe links, minted when it is
    // sent: the stored row and the invitation hold neither token, only their hashes.
    const first = written[0];
    const tokens = invitationTokens(campaign.id, first.contactId);
    expect(first.tokenHash).toBe(tokens.tokenHash);
    const stored = emails.find((e) => e.id === first.outboxId)!;
    expect(JSON.stringify(stored)).not.toContain(tokens.surveyToken);
    expect(JSON.stringify(stored)).not.toContain(tokens.unsubscribeToken);
    const email = fillLinks(stored, stored.links);
    expect(email.html).toContain(`/s/${tokens.surveyToken}?score=10`);
    expect(email.headers["List-Unsubscribe"]).toContain(`/u/${tokens.unsubscribeToken}`);
    expect(stored.tags).toContainEqual({ name: "campaign", value: String(campaign.id) });
    expect(email.html).not.toContain(first.tokenHash);

    // The wave's body is stored once per language; each email keeps only its greeting
    // (docs/decisions/040-a-wave-body-stored-once.md), and reads back whole.
    expect(db.select().from(outboxTemplates).all()).toHaveLength(2);
    expect(db.select().from(outboxBodies).all()).toHaveLength(0);
    const fills = db.select().from(outboxFills).all();
    expect(fills).toHaveLength(3);
    for (const fill of fills) expect(Object.values(fill.values)).toEqual([expect.stringMatching(/^Hi .+,$/)]);
    expect(stored.html).toMatch(/Hi .+,/);
    expect(stored.html).not.toContain("KZGREETING");

    const after = db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!;
    expect(after).toMatchObject({ status: "sent", recipients: 3 });
    expect(campaignProgress(campaign.id)).toMatchObject({ invitations: 3, queued: 3, sent: 0, answered: 0 });
  });

  it("stores a wave's body once however many job runs render it, and refuses one holding a working link", async () => {
    eligibleContacts(2);
    const { campaign } = createAndLaunchCampaign(admin, { name: "Rendered once", rules: NO_SAMPLE });
    await fanOutCampaign({ campaignId: campaign.id, day: 0, afterContactId: 0 });
    db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, campaign.id)).run();
    await fanOutCampaign({ campaignId: campaign.id, day: 0, afterContactId: 0 });
    expect(db.select().from(outboxTemplates).all()).toHaveLength(2);

    const working = `<a href="https://kizuna.example/s/${"A".repeat(43)}">Answer</a>`;
    expect(() => transaction((tx) => saveBodyTemplate(tx, { html: working, text: "Answer" }))).toThrow(/working sign-in, survey or unsubscribe link/);
    expect(db.select().from(outboxTemplates).all()).toHaveLength(2);
  });

  it("never invites anyone twice when the fan-out runs again after a crash", async () => {
    eligibleContacts(4);
    const { campaign } = createAndLaunchCampaign(admin, { name: "Crash-safe", rules: NO_SAMPLE });
    const payload = { campaignId: campaign.id, day: 0, afterContactId: 0 };
    await fanOutCampaign(payload);
    // As if the worker died after committing but before marking the job done.
    db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, campaign.id)).run();
    await fanOutCampaign(payload);
    await fanOutCampaign(payload);
    expect(invitationsOf(campaign.id)).toHaveLength(4);
    expect(db.select().from(outbox).all()).toHaveLength(4);
  });

  it("freezes the audience: contacts added after launch wait for the next wave", async () => {
    const [first] = eligibleContacts(2);
    const { campaign } = createAndLaunchCampaign(admin, { name: "Frozen" }, { now: Date.now() + 1000 });
    createContact({ accountId: first.accountId, createdAt: new Date(Date.now() + 5000) });
    await fanOutCampaign({ campaignId: campaign.id, day: 0, afterContactId: 0 }, () => Date.now() + 6000);
    expect(invitationsOf(campaign.id)).toHaveLength(2);
  });

  it("keeps the deterministic sample it counted at launch", async () => {
    const people = eligibleContacts(60);
    const { campaign, recipients } = createAndLaunchCampaign(admin, { name: "Half", rules: { samplePercent: 50 } });
    await runDueJobs();
    const invited = invitationsOf(campaign.id)
      .map((i) => i.contactId)
      .sort((a, b) => a - b);
    expect(invited).toEqual(people.filter((c) => isSampled(campaign.id, c.id, 50)).map((c) => c.id));
    expect(invited.length).toBe(recipients);
  });

  it("drips a daily cap: each day's job invites the next cap contacts", async () => {
    eligibleContacts(5);
    const start = Date.now();
    const { campaign } = createAndLaunchCampaign(admin, { name: "Drip", rules: { dailyCap: 2 } }, { now: start });
    await runDueJobs({ clock: () => start });
    expect(invitationsOf(campaign.id)).toHaveLength(2);
    // Nothing more until the next day.
    await runDueJobs({ clock: () => start + DAY_MS - 1 });
    expect(invitationsOf(campaign.id)).toHaveLength(2);
    await runDueJobs({ clock: () => start + DAY_MS });
    expect(invitationsOf(campaign.id)).toHaveLength(4);
    await runDueJobs({ clock: () => start + 2 * DAY_MS });
    const all = invitationsOf(campaign.id);
    expect(all).toHaveLength(5);
    expect(all.map((i) => (i.dueAt - start) / DAY_MS).sort()).toEqual([0, 0, 1, 1, 2]);
    expect(db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!.status).toBe("sent");
  });

  it("starts a scheduled wave at its time", async () => {
    eligibleContacts(2);
    const now = Date.now();
    const at = now + 3_600_000;
    const { campaign } = createAndLaunchCampaign(admin, { name: "Later" }, { scheduledAt: at, now });
    expect(campaign).toMatchObject({ status: "scheduled", scheduledAt: at, launchedAt: null });
    await runDueJobs({ clock: () => at - 1 });
    expect(invitationsOf(campaign.id)).toHaveLength(0);
    await runDueJobs({ clock: () => at });
    expect(invitationsOf(campaign.id)).toHaveLength(2);
    expect(db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()).toMatchObject({ status: "sent", launchedAt: at });
  });

  it("refuses bad input with a message and writes nothing", () => {
    eligibleContacts(1);
    const cases: [unknown, { scheduledAt?: number } | undefined, string][] = [
      [{ name: "x", targeting: { segments: ["enterprise"] } }, undefined, "Use high, low or tech"],
      [{ name: "x", rules: { samplePercent: 0 } }, undefined, "at least 1 %"],
      [{ name: "x", rules: { samplePercent: 101 } }, undefined, "at most 100 %"],
      [{ name: "" }, undefined, "Give the campaign a name"],
      [{ name: "x", targeting: { accountExternalIds: ["nope"] } }, undefined, "No account with external id nope"],
      [{ name: "x", targeting: { csmUserIds: [99999] } }, undefined, "No staff user with id 99999"],
      [{ name: "x" }, { scheduledAt: Date.now() - 60_000 }, "in the past"],
      [{ name: "x", targeting: { locales: ["ja"] } }, undefined, "No contact would be invited"],
    ];
    for (const [input, options, message] of cases) {
      let error: unknown;
      try {
        createAndLaunchCampaign(admin, input, options);
      } catch (e) {
        error = e;
      }
      expect(error, message).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).status, message).toBe(400);
      expect((error as ServiceError).message, message).toContain(message);
    }
    expect(db.select().from(campaigns).all()).toHaveLength(0);
    expect(db.select().from(jobs).all()).toHaveLength(0);
  });

  it("refuses viewers and CSMs", () => {
    eligibleContacts(1);
    for (const role of ["viewer", "csm"] as const) {
      const staff = createStaff(role);
      const actor = { user: { id: staff.id, email: staff.email, name: staff.name, role } };
      expect(() => createAndLaunchCampaign(actor, { name: "x" })).toThrow(expect.objectContaining({ status: 403 }));
      expect(() => createCampaign(actor, { name: "x" })).toThrow(expect.objectContaining({ status: 403 }));
    }
    expect(db.select().from(campaigns).all()).toHaveLength(0);
  });

  it("launches a draft once", () => {
    eligibleContacts(1);
    const draft = createCampaign(admin, { name: "Draft" });
    expect(draft.status).toBe("draft");
    expect(launchCampaign(admin, draft.id).recipients).toBe(1);
    expect(() => launchCampaign(admin, draft.id)).toThrow(expect.objectContaining({ status: 409 }));
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "campaign.launched"), eq(auditLog.entityId, String(draft.id))))
        .all(),
    ).toHaveLength(1);
  });
});

describe("cancelling a campaign", () => {
  it("stops the emails still queued and the days not yet sent", async () => {
    eligibleContacts(5);
    const start = Date.now();
    const { campaign } = createAndLaunchCampaign(admin, { name: "Drip", rules: { dailyCap: 3 } }, { now: start });
    await runDueJobs({ clock: () => start });
    const [goneOut] = invitationsOf(campaign.id);
    // One email already left; the other two still wait in the outbox.
    db.update(outbox).set({ status: "sent", sentAt: start }).where(eq(outbox.id, goneOut.outboxId!)).run();

    const result = cancelCampaign(admin, campaign.id, { now: start + 1000 });
    expect(result).toEqual({ invitationsCancelled: 2, emailsStopped: 2 });
    const rows = invitationsOf(campaign.id);
    expect(rows.filter((i) => i.status === "cancelled")).toHaveLength(2);
    expect(rows.find((i) => i.id === goneOut.id)!.status).toBe("queued");
    const dead = db.select().from(outbox).where(eq(outbox.status, "dead")).all();
    expect(dead).toHaveLength(2);
    expect(dead[0].lastError).toBe(CANCELLED_BY_CAMPAIGN);
    expect(db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()).toMatchObject({ status: "cancelled", cancelledAt: start + 1000 });

    // The next day's job finds the campaign cancelled and writes nothing.
    await runDueJobs({ clock: () => start + DAY_MS });
    expect(invitationsOf(campaign.id)).toHaveLength(3);
    expect(() => cancelCampaign(admin, campaign.id)).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe("reminders", () => {
  it("reminds non-responders once, after N days, with the same links as the first email", async () => {
    const people = eligibleContacts(4);
    const start = Date.now();
    const { campaign } = createAndLaunchCampaign(admin, { name: "Remind", rules: { reminderAfterDays: 3 } }, { now: start });
    await runDueJobs({ clock: () => start });
    // Local delivery hands every email over at once.
    db.update(outbox).set({ status: "local", sentAt: start }).run();
    const byContact = (id: number) =>
      db
        .select()
        .from(invitations)
        .where(and(eq(invitations.campaignId, campaign.id), eq(invitations.contactId, id)))
        .get()!;
    const [waiting, answered, bounced, unsubscribed] = people;
    const answeredInvitation = byContact(answered.id);
    db.insert(responses)
      .values({
        invitationId: answeredInvitation.id,
        campaignId: campaign.id,
        contactId: answered.id,
        accountId: answered.accountId,
        score: 8,
        category: "passive",
        locale: "en",
        createdAt: start + DAY_MS,
        updatedAt: start + DAY_MS,
      })
      .run();
    db.update(invitations)
      .set({ status: "bounced", bouncedAt: start })
      .where(eq(invitations.id, byContact(bounced.id).id))
      .run();
    db.update(contacts)
      .set({ unsubscribedAt: new Date(start + DAY_MS) })
      .where(eq(contacts.id, unsubscribed.id))
      .run();

    await sendCampaignReminders({ campaignId: campaign.id }, () => start + 3 * DAY_MS - 1);
    expect(db.select().from(outbox).where(eq(outbox.template, "nps-reminder")).all()).toHaveLength(0);

    await sendCampaignReminders({ campaignId: campaign.id }, () => start + 3 * DAY_MS);
    await sendCampaignReminders({ campaignId: campaign.id }, () => start + 4 * DAY_MS);
    const reminders = outboxEmails(eq(outbox.template, "nps-reminder"));
    expect(reminders.map((r) => r.toEmail)).toEqual([waiting.email]);
    const tokens = invitationTokens(campaign.id, waiting.id);
    expect(reminders[0].html).not.toContain(tokens.surveyToken);
    expect(fillLinks(reminders[0], reminders[0].links).html).toContain(`/s/${tokens.surveyToken}`);
    expect(reminders[0].tags).toContainEqual({ name: "kind", value: "reminder" });
    const reminded = byContact(waiting.id);
    expect(reminded).toMatchObject({ remindedAt: start + 3 * DAY_MS, outboxId: reminders[0].id, tokenHash: tokens.tokenHash });
  });

  it("runs as a job at launch + N days, and not at all for a cancelled wave", async () => {
    eligibleContacts(2);
    const start = Date.now();
    createAndLaunchCampaign(admin, { name: "Remind", rules: { reminderAfterDays: 2 } }, { now: start });
    await runDueJobs({ clock: () => start });
    db.update(outbox).set({ status: "local", sentAt: start }).run();
    await runDueJobs({ clock: () => start + 2 * DAY_MS });
    expect(db.select().from(outbox).where(eq(outbox.template, "nps-reminder")).all()).toHaveLength(2);

    const other = createAndLaunchCampaign(admin, { name: "Stopped", rules: { reminderAfterDays: 2, throttleDays: 0 } }, { now: start });
    await runDueJobs({ clock: () => start });
    db.update(outbox).set({ status: "local", sentAt: start }).where(eq(outbox.status, "queued")).run();
    cancelCampaign(admin, other.campaign.id);
    await runDueJobs({ clock: () => start + 3 * DAY_MS });
    expect(db.select().from(outbox).where(eq(outbox.template, "nps-reminder")).all()).toHaveLength(2);
  });
});

describe("closing a campaign", () => {
  it("makes answers final and stops the reminder; a wave still sending must be cancelled instead", async () => {
    const [person] = eligibleContacts(1);
    const start = Date.now();
    const { campaign } = createAndLaunchCampaign(admin, { name: "Close me", rules: { reminderAfterDays: 2 } }, { now: start });
    expect(() => closeCampaign(admin, campaign.id)).toThrow(expect.objectContaining({ status: 409 }));
    await runDueJobs({ clock: () => start });
    db.update(outbox).set({ status: "local", sentAt: start }).run();
    expect(db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!.status).toBe("sent");

    closeCampaign(admin, campaign.id, { now: start + DAY_MS });
    expect(db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()).toMatchObject({ status: "closed", closesAt: start + DAY_MS });
    const { surveyToken } = invitationTokens(campaign.id, person.id);
    expect(recordNpsResponse(surveyToken, "9", "", "192.0.2.1", start + DAY_MS + 1).kind).toBe("closed");
    await sendCampaignReminders({ campaignId: campaign.id }, () => start + 3 * DAY_MS);
    expect(db.select().from(outbox).where(eq(outbox.template, "nps-reminder")).all()).toHaveLength(0);
    expect(() => closeCampaign(admin, campaign.id)).toThrow(expect.objectContaining({ status: 409 }));
  });
});
