import { can } from "../domain/permissions";
import type { StaffUser } from "../models/user.server";

/** A refusal a person can act on: the route turns it into a response with this status. */
export class CaseError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 422 | 429,
    /** The form field the message is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export type CaseActor = { user: StaffUser; ip?: string };

/** Checked again inside every service that changes a case, whoever calls it. */
export function assertMayWriteCases(actor: CaseActor) {
  if (!can(actor.user.role, "write:case:any")) throw new CaseError(`Your role (${actor.user.role}) cannot change follow-up cases.`, 403);
}
