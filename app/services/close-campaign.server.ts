import { audit } from "../models/audit.server";
import { findCampaign, updateCampaign } from "../models/campaign.server";
import { transaction } from "../utils/db.server";
import { assertMayWriteCampaigns, auditActor, CampaignError, type CampaignActor } from "./create-campaign.server";

/**
 * Ends a wave once it has gone out: answers are final from now on (links show "this survey has
 * closed", the pipeline keeps what was recorded) and no reminder is sent. A wave still sending
 * is cancelled instead, so nothing is left half-sent.
 */
export function closeCampaign(actor: CampaignActor, campaignId: number, options: { now?: number; ip?: string } = {}) {
  assertMayWriteCampaigns(actor);
  const now = options.now ?? Date.now();
  transaction((tx) => {
    const campaign = findCampaign(campaignId, tx);
    if (!campaign) throw new CampaignError(`No campaign with id ${campaignId}.`, 404);
    if (campaign.status !== "sent") {
      throw new CampaignError(
        campaign.status === "closed"
          ? "This campaign is already closed."
          : `Only a campaign that has been sent can be closed (this one is ${campaign.status}); cancel it to stop sending.`,
        409,
      );
    }
    updateCampaign(tx, campaignId, { status: "closed", closesAt: now });
    const who = auditActor(actor);
    audit(
      {
        actorUserId: who.actorUserId,
        action: "campaign.closed",
        entity: "campaign",
        entityId: campaignId,
        ip: options.ip,
        detail: who.via ? { via: who.via } : undefined,
      },
      tx,
    );
  });
}
