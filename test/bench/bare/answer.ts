import { createHash } from "node:crypto";
import type { BareHandler } from "./server";

/**
 * The answer POST reduced to its core: find the invitation by the token's hash and upsert its
 * response, then 303 — what the app's POST /s/:token does, minus rate limits, answer history,
 * the pipeline job and everything around it.
 */
const answer: BareHandler = (sqlite) => {
  const invitation = sqlite.prepare("SELECT id, campaign_id, contact_id, account_id, locale FROM invitations WHERE token_hash = ?");
  const upsert = sqlite.prepare(
    `INSERT INTO responses (invitation_id, campaign_id, contact_id, account_id, score, comment, category, locale, channel, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'email', ?, ?)
     ON CONFLICT(invitation_id) DO UPDATE SET score = excluded.score, comment = excluded.comment, category = excluded.category, updated_at = excluded.updated_at`,
  );
  return (request, response, body) => {
    if (request.method === "GET") {
      response.writeHead(request.url === "/healthz" ? 200 : 404).end();
      return;
    }
    const token = /^\/s\/([A-Za-z0-9_-]{43})$/.exec(request.url ?? "")?.[1];
    const form = new URLSearchParams(body.toString("utf8"));
    const score = Number(form.get("score"));
    const found = token
      ? (invitation.get(createHash("sha256").update(token).digest("hex")) as
          { id: number; campaign_id: number; contact_id: number; account_id: number; locale: string } | undefined)
      : undefined;
    if (!found || !Number.isInteger(score) || score < 0 || score > 10) {
      response.writeHead(400).end();
      return;
    }
    const now = Date.now();
    const category = score >= 9 ? "promoter" : score <= 6 ? "detractor" : "passive";
    upsert.run(found.id, found.campaign_id, found.contact_id, found.account_id, score, form.get("comment"), category, found.locale, now, now);
    response.writeHead(303, { Location: `/s/${token}/thanks` }).end();
  };
};

export default answer;
