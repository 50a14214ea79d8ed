import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invitations, suppressions } from "../../db/schema";
import { DAY_MS, exclusionReason, isoDate, type ContactFacts, type ExclusionReason } from "../../app/domain/campaign-rules";
import { nextFanOutCandidates } from "../../app/models/campaign.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact } from "../factories";
import { createCampaign, createInvitation } from "../factories/nps";

/*
 * The exclusion rules are written once in app/domain/campaign-rules.ts; the fan-out's SQL builds
 * its cut-offs from the same functions. This fixture puts a contact on each side of every rule
 * (and on its boundary) and checks the SQL leaves out exactly whom the domain function does, for
 * the same reason.
 */
describe("campaign exclusion: SQL and domain agree", () => {
  it("gives every contact of the fixture the domain's reason", () => {
    const now = Date.now() + 60_000;
    const rules = { throttleDays: 90, minAccountAgeDays: 30, samplePercent: null, dailyCap: null, reminderAfterDays: null };
    const other = createCampaign({ status: "sent" });

    type Case = { label: string; startDate?: string; unsubscribed?: boolean; suppressed?: boolean; invitedAgoMs?: number };
    const cases: Case[] = [
      { label: "eligible" },
      { label: "unsubscribed", unsubscribed: true },
      { label: "unsubscribed and suppressed", unsubscribed: true, suppressed: true },
      { label: "suppressed", suppressed: true },
      { label: "suppressed and throttled", suppressed: true, invitedAgoMs: DAY_MS },
      { label: "invited inside the window", invitedAgoMs: 90 * DAY_MS - 1 },
      { label: "invited exactly at the window's edge", invitedAgoMs: 90 * DAY_MS },
      { label: "invited long ago", invitedAgoMs: 200 * DAY_MS },
      { label: "account too new", startDate: isoDate(now - 29 * DAY_MS) },
      { label: "account exactly old enough", startDate: isoDate(now - 30 * DAY_MS) },
      { label: "throttled and too new", invitedAgoMs: 10 * DAY_MS, startDate: isoDate(now - DAY_MS) },
    ];

    const facts = new Map<number, { label: string; facts: ContactFacts }>();
    const externalIds: string[] = [];
    for (const c of cases) {
      const account = createAccount({ startDate: c.startDate ?? "2020-01-01" });
      externalIds.push(account.externalId);
      const contact = createContact({ accountId: account.id, unsubscribedAt: c.unsubscribed ? new Date(now - DAY_MS) : null });
      if (c.suppressed) db.insert(suppressions).values({ email: contact.email, reason: "bounced" }).run();
      let lastInvitedAt: number | null = null;
      if (c.invitedAgoMs !== undefined) {
        lastInvitedAt = now - c.invitedAgoMs;
        const { invitation } = createInvitation({ campaignId: other.id, contactId: contact.id });
        db.update(invitations).set({ createdAt: lastInvitedAt }).where(eq(invitations.id, invitation.id)).run();
      }
      facts.set(contact.id, {
        label: c.label,
        facts: {
          unsubscribedAt: c.unsubscribed ? now - DAY_MS : null,
          suppressed: Boolean(c.suppressed),
          lastInvitedAt,
          accountStartDate: c.startDate ?? "2020-01-01",
        },
      });
    }

    const wave = createCampaign({ status: "sending", launchedAt: now, targeting: { accountExternalIds: externalIds }, rules });
    const candidates = nextFanOutCandidates(db, wave, 0, 1_000, now);
    expect(candidates).toHaveLength(cases.length);

    const fromSql: Record<string, ExclusionReason | null> = {};
    const fromDomain: Record<string, ExclusionReason | null> = {};
    for (const candidate of candidates) {
      const { label, facts: contactFacts } = facts.get(candidate.contactId)!;
      fromSql[label] = candidate.reason;
      fromDomain[label] = exclusionReason(contactFacts, rules, now);
    }
    expect(fromSql).toEqual(fromDomain);
    // The fixture reaches every rule and both sides of each boundary.
    expect(new Set(Object.values(fromDomain))).toEqual(new Set([null, "unsubscribed", "suppressed", "throttled", "tooNew"]));
    expect(fromDomain["invited exactly at the window's edge"]).toBeNull();
    expect(fromDomain["account exactly old enough"]).toBeNull();
  });
});
