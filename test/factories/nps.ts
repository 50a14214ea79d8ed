import { eq } from "drizzle-orm";
import { campaigns, contacts, invitations } from "../../db/schema";
import { DEFAULT_SURVEY, type SurveyDefinition } from "../../app/domain/survey";
import { newToken, sha256 } from "../../app/utils/crypto.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact } from "./index";

type CampaignOverrides = Partial<typeof campaigns.$inferInsert>;

/** A launched wave with the default survey as its snapshot. */
export function createCampaign(overrides: CampaignOverrides = {}) {
  const now = Date.now();
  return db
    .insert(campaigns)
    .values({
      name: "Test wave",
      status: "sending",
      targeting: {},
      rules: { throttleDays: 90, minAccountAgeDays: 30, samplePercent: null, dailyCap: null, reminderAfterDays: 3 },
      survey: DEFAULT_SURVEY satisfies SurveyDefinition,
      launchedAt: now,
      createdAt: now,
      ...overrides,
    })
    .returning()
    .get();
}

/**
 * A delivered invitation with known survey and unsubscribe tokens (only their hashes stored),
 * for a new contact unless one is given.
 */
export function createInvitation(
  options: {
    locale?: "en" | "ja";
    segment?: "high" | "low" | "tech";
    campaign?: CampaignOverrides;
    campaignId?: number;
    contactId?: number;
    status?: (typeof invitations.$inferInsert)["status"];
  } = {},
) {
  const locale = options.locale ?? "en";
  const campaign = options.campaignId ? { id: options.campaignId } : createCampaign(options.campaign);
  const contact = options.contactId
    ? db.select({ id: contacts.id, accountId: contacts.accountId }).from(contacts).where(eq(contacts.id, options.contactId)).get()!
    : createContact({ locale, accountId: createAccount({ segment: options.segment ?? "low" }).id });
  const accountId = contact.accountId;
  const token = newToken();
  const unsubscribeToken = newToken();
  const now = Date.now();
  const invitation = db
    .insert(invitations)
    .values({
      campaignId: campaign.id,
      contactId: contact.id,
      accountId,
      tokenHash: sha256(token),
      unsubscribeTokenHash: sha256(unsubscribeToken),
      locale,
      status: options.status ?? "delivered",
      dueAt: now,
      sentAt: now,
      createdAt: now,
    })
    .returning()
    .get();
  return { token, unsubscribeToken, invitation, campaignId: campaign.id, contactId: contact.id, accountId };
}
