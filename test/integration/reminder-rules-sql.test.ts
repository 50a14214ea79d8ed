import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invitations, outbox, responses, suppressions } from "../../db/schema";
import { DAY_MS, isReminderDue, type ReminderFacts } from "../../app/domain/campaign-rules";
import { dueReminders } from "../../app/models/campaign.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact } from "../factories";
import { createCampaign, createInvitation } from "../factories/nps";

/*
 * The reminder rule is written once, as `isReminderDue` in app/domain/campaign-rules.ts; the
 * reminder job's SQL (`dueReminders`) builds its cut-off and its status lists from the same
 * module. This fixture puts an invitation on each side of every condition (and on the delay's
 * boundary) and checks the SQL picks exactly the invitations the domain function calls due.
 */
describe("campaign reminders: SQL and domain agree", () => {
  it("picks exactly the invitations the domain calls due", () => {
    const now = Date.now() + 60_000;
    const delayDays = 3;
    const old = now - 4 * DAY_MS;
    const campaign = createCampaign({
      status: "sending",
      rules: { throttleDays: 90, minAccountAgeDays: 30, samplePercent: null, dailyCap: null, reminderAfterDays: delayDays },
    });

    type Case = {
      label: string;
      status?: (typeof invitations.$inferInsert)["status"];
      sentAt?: number | null;
      outbox?: { status: (typeof outbox.$inferInsert)["status"]; sentAt: number | null };
      answered?: boolean;
      reminded?: boolean;
      unsubscribed?: boolean;
      suppressed?: boolean;
    };
    const cases: Case[] = [
      { label: "delivered long ago" },
      { label: "delivered exactly one delay ago", sentAt: now - delayDays * DAY_MS },
      { label: "delivered just inside the delay", sentAt: now - delayDays * DAY_MS + 1 },
      { label: "sent, no delivery report yet", status: "sent" },
      { label: "delayed by the provider", status: "delayed" },
      { label: "queued, handed over locally long ago", status: "queued", sentAt: null, outbox: { status: "local", sentAt: old } },
      { label: "queued, handed to the provider long ago", status: "queued", sentAt: null, outbox: { status: "sent", sentAt: old } },
      { label: "queued, handed over just now", status: "queued", sentAt: null, outbox: { status: "sent", sentAt: now - DAY_MS } },
      { label: "queued, still in the outbox", status: "queued", sentAt: null, outbox: { status: "queued", sentAt: null } },
      { label: "queued, the outbox gave up", status: "queued", sentAt: null, outbox: { status: "dead", sentAt: old } },
      { label: "delivered, no report time, handed over long ago", sentAt: null, outbox: { status: "local", sentAt: old } },
      { label: "delivered, no time at all", sentAt: null },
      { label: "bounced", status: "bounced" },
      { label: "complained", status: "complained" },
      { label: "failed", status: "failed" },
      { label: "cancelled", status: "cancelled" },
      { label: "pending", status: "pending", sentAt: null },
      { label: "answered", answered: true },
      { label: "already reminded", reminded: true },
      { label: "unsubscribed", unsubscribed: true },
      { label: "suppressed", suppressed: true },
    ];

    const facts = new Map<number, { label: string; facts: ReminderFacts }>();
    for (const c of cases) {
      const account = createAccount({ startDate: "2020-01-01" });
      const contact = createContact({ accountId: account.id, unsubscribedAt: c.unsubscribed ? new Date(now - DAY_MS) : null });
      if (c.suppressed) db.insert(suppressions).values({ email: contact.email, reason: "bounced" }).run();
      const { invitation } = createInvitation({ campaignId: campaign.id, contactId: contact.id, status: c.status ?? "delivered" });
      const sentAt = c.sentAt === undefined ? old : c.sentAt;
      let outboxId: number | null = null;
      if (c.outbox) {
        outboxId = db
          .insert(outbox)
          .values({
            template: "nps-invitation",
            toEmail: contact.email,
            fromEmail: "nps@kizuna.test",
            subject: "How likely…",
            headers: {},
            tags: [],
            locale: "en",
            contactId: contact.id,
            status: c.outbox.status,
            sentAt: c.outbox.sentAt,
            nextAttemptAt: 0,
            createdAt: old,
          })
          .returning()
          .get().id;
      }
      const remindedAt = c.reminded ? now - DAY_MS : null;
      db.update(invitations).set({ sentAt, outboxId, remindedAt }).where(eq(invitations.id, invitation.id)).run();
      if (c.answered) {
        db.insert(responses)
          .values({
            invitationId: invitation.id,
            campaignId: campaign.id,
            contactId: contact.id,
            accountId: account.id,
            score: 9,
            category: "promoter",
            locale: "en",
            createdAt: old,
            updatedAt: old,
          })
          .run();
      }
      facts.set(invitation.id, {
        label: c.label,
        facts: {
          status: c.status ?? "delivered",
          sentAt,
          answeredAt: c.answered ? old : null,
          remindedAt,
          contactUnsubscribedAt: c.unsubscribed ? now - DAY_MS : null,
          suppressed: Boolean(c.suppressed),
          outboxStatus: c.outbox?.status ?? null,
          outboxSentAt: c.outbox?.sentAt ?? null,
        },
      });
    }

    const picked = new Set(dueReminders(db, campaign.id, delayDays, now, 1_000).map((row) => row.invitationId));
    const fromSql: Record<string, boolean> = {};
    const fromDomain: Record<string, boolean> = {};
    for (const [id, { label, facts: invitationFacts }] of facts) {
      fromSql[label] = picked.has(id);
      fromDomain[label] = isReminderDue(invitationFacts, { status: "sending", reminderAfterDays: delayDays }, now);
    }
    expect(fromSql).toEqual(fromDomain);
    // The fixture reaches both answers and both sides of the delay's boundary.
    expect(fromDomain["delivered exactly one delay ago"]).toBe(true);
    expect(fromDomain["delivered just inside the delay"]).toBe(false);
    expect(fromDomain["queued, handed over locally long ago"]).toBe(true);
    expect(fromDomain["queued, still in the outbox"]).toBe(false);
  });
});
