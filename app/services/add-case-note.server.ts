import { CASE_NOTE_MAX_LENGTH } from "../domain/case-workflow";
import { audit } from "../models/audit.server";
import { findCase, insertCaseEvent, updateCase } from "../models/case.server";
import { transaction } from "../utils/db.server";
import { assertMayWriteCases, CaseError, type CaseActor } from "./case-access.server";

export const CASE_NOTE_AUDIT = "case.note_added";

/** An internal note on the case's timeline (never sent to the customer). */
export function addCaseNote(actor: CaseActor, caseId: number, note: string, options: { now?: number } = {}) {
  assertMayWriteCases(actor);
  const body = note.trim();
  if (!body) throw new CaseError("Write the note first.", 400, "note");
  if (body.length > CASE_NOTE_MAX_LENGTH) throw new CaseError(`A note is at most ${CASE_NOTE_MAX_LENGTH} characters.`, 400, "note");
  const now = options.now ?? Date.now();
  return transaction((tx) => {
    if (!findCase(caseId, tx)) throw new CaseError(`No case with id ${caseId}.`, 404);
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
