import { isWellFormedToken } from "../models/invitation.server";
import { sha256 } from "../utils/crypto.server";
import { sqlite } from "../utils/db.server";

/**
 * A request through the hidden link in an invitation: only software follows it, so the email's
 * links were fetched by a scanner. The first request sets `scannedAt`; later ones change nothing,
 * so reports can tell bot traffic apart and it is never counted as engagement.
 */
export function markInvitationScanned(token: string, now = Date.now()): "marked" | "already" | "not-found" {
  if (!isWellFormedToken(token)) return "not-found";
  const hash = sha256(token);
  const result = sqlite().prepare("UPDATE invitations SET scanned_at = ? WHERE token_hash = ? AND scanned_at IS NULL").run(now, hash);
  if (result.changes > 0) return "marked";
  const exists = sqlite().prepare("SELECT 1 FROM invitations WHERE token_hash = ?").get(hash);
  return exists ? "already" : "not-found";
}
