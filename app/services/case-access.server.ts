import { assertCan, type StaffActor } from "./actor.server";

export type CaseActor = StaffActor;

/** Checked again inside every service that changes a case, whoever calls it. */
export function assertMayWriteCases(actor: CaseActor) {
  assertCan(actor, "write:case:any");
}
