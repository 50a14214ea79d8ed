import { audit } from "../models/audit.server";
import { findCampaign, updateCampaign } from "../models/campaign.server";
import { ServiceError } from "../domain/service-error";
import { transaction } from "../utils/db.server";
import { assertMayWriteCampaigns, auditActor, type CampaignActor } from "./create-campaign.server";

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
    if (!campaign) throw new ServiceError(404, "campaignNotFound", { id: campaignId });
    if (campaign.status !== "sent") {
      throw campaign.status === "closed"
        ? new ServiceError(409, "campaignAlreadyClosed")
        : new ServiceError(409, "campaignNotSentYet", { status: campaign.status });
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
