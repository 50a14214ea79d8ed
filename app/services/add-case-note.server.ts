import { CaseNote } from "../domain/case-forms";
import { parseInput } from "../domain/form-input";
import { audit } from "../models/audit.server";
import { findCase, insertCaseEvent, updateCase } from "../models/case.server";
import { transaction } from "../utils/db.server";
import { ServiceError } from "../domain/service-error";
import { assertMayWriteCases, type CaseActor } from "./case-access.server";

export const CASE_NOTE_AUDIT = "case.note_added";

/** An internal note on the case's timeline (never sent to the customer). */
export function addCaseNote(actor: CaseActor, caseId: number, note: string, options: { now?: number } = {}) {
  assertMayWriteCases(actor);
  // The page's own schema: empty (after trimming) or overlong is refused on the note field.
  const body = parseInput(CaseNote, { note }).note;
  const now = options.now ?? Date.now();
  return transaction((tx) => {
    if (!findCase(caseId, tx)) throw new ServiceError(404, "caseNotFound", { id: caseId });
    const eventId = insertCaseEvent(tx, { caseId, kind: "note", actorUserId: actor.user.id, body, now });
    updateCase(tx, caseId, { updatedAt: now });
    // The note itself stays on the case; the audit log records that one was written.
    audit(
      { actorUserId: actor.user.id, action: CASE_NOTE_AUDIT, entity: "case", entityId: caseId, ip: actor.ip, detail: { eventId, length: body.length } },
      tx,
    );
    return { eventId };
  });
}
