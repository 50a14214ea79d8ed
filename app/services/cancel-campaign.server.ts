import { audit } from "../models/audit.server";
import {
  CANCELLED_BY_CAMPAIGN,
  findCampaign,
  markQueuedCampaignEmailsDead,
  setInvitationsStatus,
  uncountInvitations,
  unsentInvitationsOf,
  updateCampaign,
} from "../models/campaign.server";
import { ServiceError } from "../domain/service-error";
import { transaction } from "../utils/db.server";
import { assertMayWriteCampaigns, auditActor, type CampaignActor } from "./create-campaign.server";

export type CancelResult = { invitationsCancelled: number; emailsStopped: number };

/**
 * Stops a wave: in one transaction the campaign becomes `cancelled` (the fan-out and reminder
 * jobs see it and stop), its emails still queued in the outbox are marked `dead` ("campaign
 * cancelled") and unsent invitations `cancelled`, and the dashboard's daily invitation counts
 * stop counting them. Emails already handed over, or in a batch the worker has claimed
 * (`sending`), may still arrive; their links keep working until the wave closes.
 */
export function cancelCampaign(actor: CampaignActor, campaignId: number, options: { now?: number; ip?: string } = {}): CancelResult {
  assertMayWriteCampaigns(actor);
  const now = options.now ?? Date.now();
  return transaction((tx) => {
    const campaign = findCampaign(campaignId, tx);
    if (!campaign) throw new ServiceError(404, "campaignNotFound", { id: campaignId });
    if (campaign.status === "cancelled") throw new ServiceError(409, "campaignAlreadyCancelled");
    if (campaign.status === "closed") throw new ServiceError(409, "campaignClosedNothingToStop");
    updateCampaign(tx, campaignId, { status: "cancelled", cancelledAt: now });
    const emails = markQueuedCampaignEmailsDead(tx, campaignId, CANCELLED_BY_CAMPAIGN);
    const unsent = unsentInvitationsOf(campaignId);
    // Cancelled invitations were never sent: the dashboard stops counting them.
    uncountInvitations(tx, unsent);
    const stopped = { emails, invitations: setInvitationsStatus(tx, unsent, "cancelled") };
    const who = auditActor(actor);
    audit(
      {
        actorUserId: who.actorUserId,
        action: "campaign.cancelled",
        entity: "campaign",
        entityId: campaignId,
        ip: options.ip,
        detail: {
          previousStatus: campaign.status,
          invitationsCancelled: stopped.invitations,
          emailsStopped: stopped.emails,
          ...(who.via ? { via: who.via } : {}),
        },
      },
      tx,
    );
    return { invitationsCancelled: stopped.invitations, emailsStopped: stopped.emails };
  });
}
