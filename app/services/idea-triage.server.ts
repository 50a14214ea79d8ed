import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { IdeaStatusForm, IdeaTriageForm, type IdeaStatusInput, type IdeaTriageInput } from "../domain/ideas";
import { refusalOfIssue } from "../domain/field-message";
import { can, type Permission } from "../domain/permissions";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import { findIdea, type IdeaRow } from "../models/idea.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { recordIdeaStatus } from "./idea-merge.server";
import { mergeTopics } from "./moderate-community-topic.server";

/*
 * The product team's triage of an idea: its status with a public note (every change kept, shown
 * on the idea page, told to voters and requesters), its offer, tracker link, product areas and
 * owner, and merging a duplicate into another idea (the community's topic merge, which moves the
 * votes and requests too: see `mergeIdeaAsking`).
 */

export function assertMay(actor: StaffUser, permission: Permission) {
  if (!can(actor.role, permission)) throw new ServiceError(403, "forbidden", { role: actor.role, permission });
}

function parsed<T>(
  schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string; path: PropertyKey[] }[] } } },
  input: unknown,
): T {
  const result = schema.safeParse(input);
  if (!result.success) throw refusalOfIssue(result.error.issues[0]);
  return result.data;
}

function loadIdea(tx: Db, ideaId: number): IdeaRow {
  const idea = findIdea(ideaId, tx);
  const topic = tx.get<{ deletedAt: number | null } | undefined>(sql`SELECT deleted_at AS deletedAt FROM community_topics WHERE id = ${ideaId}`);
  if (!idea || !topic || topic.deletedAt) throw new ServiceError(404, "ideaNotFound");
  return idea;
}

/** Moves an idea to another status with a public note. */
export function changeIdeaStatus(actor: StaffUser, ideaId: number, input: { status: string; note: string } | IdeaStatusInput, ip?: string, now = Date.now()) {
  assertMay(actor, "write:idea:any");
  const { status, note } = parsed(IdeaStatusForm, input);
  return transaction((tx) => {
    const idea = loadIdea(tx, ideaId);
    if (idea.status === status) throw new ServiceError(409, "ideaStatusSame", {}, "status");
    const changeId = recordIdeaStatus(tx, idea, status, note, actor.id, now);
    audit({ actorUserId: actor.id, action: "idea.status_changed", entity: "idea", entityId: idea.id, ip, detail: { from: idea.status, to: status } }, tx);
    return { changeId };
  });
}

/** Sets an idea's offer, tracker link, product areas and owner (a staff user, or nobody). */
export function triageIdea(actor: StaffUser, ideaId: number, input: Record<string, unknown> | IdeaTriageInput, ip?: string, now = Date.now()) {
  assertMay(actor, "write:idea:any");
  const value = parsed(IdeaTriageForm, input);
  return transaction((tx) => {
    const idea = loadIdea(tx, ideaId);
    const owner = value.ownerUserId === "" ? null : value.ownerUserId;
    if (owner !== null && !tx.get(sql`SELECT 1 FROM users WHERE id = ${owner} AND disabled_at IS NULL`))
      throw new ServiceError(400, "ideaOwner", {}, "ownerUserId");
    tx.run(sql`UPDATE ideas SET offer = ${value.offer}, tracker_url = ${value.trackerUrl || null}, areas = ${JSON.stringify(value.areas)},
      owner_user_id = ${owner}, updated_at = ${now} WHERE topic_id = ${idea.id}`);
    audit(
      {
        actorUserId: actor.id,
        action: "idea.triaged",
        entity: "idea",
        entityId: idea.id,
        ip,
        detail: { offer: value.offer, trackerUrl: value.trackerUrl || null, areas: value.areas, owner },
      },
      tx,
    );
    return { changed: true };
  });
}

/** The console's merge: an idea into another (the topic merge, which carries the votes and requests). */
export function mergeIdeas(actor: StaffUser, input: { ideaId: number; intoIdeaId: number }, ip?: string, now = Date.now()) {
  assertMay(actor, "write:idea:any");
  if (input.ideaId === input.intoIdeaId) throw new ServiceError(422, "ideaMergeSame", {}, "into");
  const target = findIdea(input.intoIdeaId);
  if (!target || !target.listed) throw new ServiceError(404, "ideaNotFound", {}, "into");
  const result = mergeTopics(actor, { topicId: input.ideaId, intoTopicId: input.intoIdeaId }, ip, now);
  audit({ actorUserId: actor.id, action: "idea.merged", entity: "idea", entityId: input.ideaId, ip, detail: { into: input.intoIdeaId } });
  return result;
}
