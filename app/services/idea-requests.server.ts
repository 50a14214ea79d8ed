import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ApiIdeaRequestBody, IdeaRequestForm, type IdeaImportanceValue } from "../domain/ideas";
import { refusalOfIssue } from "../domain/field-message";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { assertMay } from "./idea-triage.server";

/*
 * A request on behalf of an account (Productboard's insights): what a CSM heard in a meeting,
 * logged from the console, or what a CRM or support tool files through the API. The account
 * joins the idea's asking (its ARR counts once however many ask) through the triggers.
 */

type RequestFacts = { accountId: number; contactId: number | null; quote: string; importance: IdeaImportanceValue };

function listedIdea(tx: Db, ideaId: number) {
  const idea = tx.get<{ id: number } | undefined>(sql`SELECT topic_id AS id FROM ideas WHERE topic_id = ${ideaId} AND listed = 1`);
  if (!idea) throw new ServiceError(404, "ideaNotFound");
  return idea;
}

function contactOf(tx: Db, accountId: number, email: string): number | null {
  if (!email) return null;
  const contact = tx.get<{ id: number } | undefined>(sql`SELECT id FROM contacts WHERE email = ${email} AND account_id = ${accountId}`);
  if (!contact) throw new ServiceError(422, "ideaUnknownContact", {}, "contactEmail");
  return contact.id;
}

function insertRequest(tx: Db, ideaId: number, facts: RequestFacts, by: { userId: number | null; apiKeyId: number | null }, now: number): number {
  const row = tx.get<{ id: number }>(sql`
    INSERT INTO idea_requests (idea_id, account_id, contact_id, quote, importance, source, logged_by_user_id, api_key_id, created_at)
    VALUES (${ideaId}, ${facts.accountId}, ${facts.contactId}, ${facts.quote}, ${facts.importance}, ${by.apiKeyId ? "api" : "console"},
            ${by.userId}, ${by.apiKeyId}, ${now}) RETURNING id`);
  return row.id;
}

/** The console's form: the account by external ID or exact name, an optional contact of it, a quote and the importance. */
export function logIdeaRequest(actor: StaffUser, ideaId: number, input: Record<string, unknown>, ip?: string, now = Date.now()): { id: number } {
  assertMay(actor, "write:idea:any");
  const parsed = IdeaRequestForm.safeParse(input);
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  const value = parsed.data;
  return transaction((tx) => {
    const idea = listedIdea(tx, ideaId);
    const accounts = tx.all<{ id: number }>(
      sql`SELECT id FROM accounts WHERE external_id = ${value.account} OR name = ${value.account} ORDER BY external_id = ${value.account} DESC, id LIMIT 2`,
    );
    if (accounts.length === 0) throw new ServiceError(422, "ideaUnknownAccount", {}, "account");
    const accountId = accounts[0].id;
    const id = insertRequest(
      tx,
      idea.id,
      { accountId, contactId: contactOf(tx, accountId, value.contactEmail), quote: value.quote, importance: value.importance },
      { userId: actor.id, apiKeyId: null },
      now,
    );
    audit({ actorUserId: actor.id, action: "idea.request_logged", entity: "idea", entityId: idea.id, ip, detail: { request: id, account: accountId } }, tx);
    return { id };
  });
}

/** The API's `POST /api/v1/ideas/:id/requests`: an unknown account or contact is a 422, nothing written. */
export function fileIdeaRequestFromApi(apiKeyId: number, ideaId: number, body: unknown, now = Date.now()): { id: number } {
  const parsed = ApiIdeaRequestBody.safeParse(body);
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  const value = parsed.data;
  return transaction((tx) => {
    const idea = listedIdea(tx, ideaId);
    const account = tx.get<{ id: number } | undefined>(sql`SELECT id FROM accounts WHERE external_id = ${value.accountExternalId}`);
    if (!account) throw new ServiceError(422, "ideaUnknownAccount", {}, "accountExternalId");
    const id = insertRequest(
      tx,
      idea.id,
      { accountId: account.id, contactId: contactOf(tx, account.id, value.contactEmail ?? ""), quote: value.quote, importance: value.importance },
      { userId: null, apiKeyId },
      now,
    );
    return { id };
  });
}
