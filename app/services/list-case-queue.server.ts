import { z } from "zod";
import { TASK_KINDS, type TaskKind } from "../domain/onboarding-nudges";
import { ACTIVE_CASE_STATUSES, CASE_STATUSES, type CaseStatus } from "../domain/case-workflow";
import { can } from "../domain/permissions";
import { countOverdueCases, listAssignableUsers, listCaseQueue, type CaseOwnerFilter, type CaseQueueKey } from "../models/case.server";
import type { StaffUser } from "../models/user.server";
import type { ErrorCode, ErrorParams } from "../domain/service-error";

export const CASE_PAGE_SIZE = 50;

const QUEUE_STATUSES = ["active", "all", ...CASE_STATUSES] as const;

/** What each parameter takes, as the refusal of a bad value shows it (codes, the same in every language). */
const ALLOWED: Record<string, string> = {
  owner: "me | anyone | unassigned | 42",
  status: QUEUE_STATUSES.join(" | "),
  overdue: "1",
  kind: ["all", ...TASK_KINDS].join(" | "),
};

const CaseQueueParams = z
  .object({
    owner: z.union([z.enum(["me", "anyone", "unassigned"]), z.string().regex(/^[1-9]\d{0,9}$/)]).optional(),
    status: z.enum(QUEUE_STATUSES).optional(),
    overdue: z.enum(["1"]).optional(),
    kind: z.enum(["all", ...TASK_KINDS]).optional(),
    after: z
      .string()
      .regex(/^\d{1,15}\.\d{1,10}$/)
      .optional(),
  })
  .strict();

export type CaseQueueQuery = {
  owner: string;
  status: (typeof QUEUE_STATUSES)[number];
  /** One kind of task, or every kind ("all", the default). */
  kind: "all" | TaskKind;
  overdue: boolean;
  after: string | null;
};

/** A query string the queue refuses: a code of the console's `errors` and its params, worded by the page. */
export type CaseQueueQueryRefusal = { ok: false; code: ErrorCode; params: ErrorParams };

/**
 * Reads the queue's query string. With no owner a CSM (or admin) sees their own queue and a
 * viewer, who owns no cases, everyone's.
 */
export function parseCaseQueueQuery(params: URLSearchParams, user: StaffUser): { ok: true; query: CaseQueueQuery } | CaseQueueQueryRefusal {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value.trim() !== "") raw[key] = value;
  const parsed = CaseQueueParams.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === "unrecognized_keys") return { ok: false, code: "queryUnknownParameter", params: { names: issue.keys.join(", ") } };
    const name = String(issue.path[0] ?? "query");
    if (name === "after") return { ok: false, code: "queryInvalidPosition", params: {} };
    return { ok: false, code: "queryInvalidParameter", params: { name, value: raw[name] ?? "", allowed: ALLOWED[name] ?? "" } };
  }
  const p = parsed.data;
  const defaultOwner = can(user.role, "write:case:any") ? "me" : "anyone";
  return {
    ok: true,
    query: { owner: p.owner ?? defaultOwner, status: p.status ?? "active", kind: p.kind ?? "all", overdue: p.overdue === "1", after: p.after ?? null },
  };
}

function ownerFilter(owner: string, user: StaffUser): CaseOwnerFilter {
  if (owner === "me") return { kind: "user", userId: user.id };
  if (owner === "anyone") return { kind: "anyone" };
  if (owner === "unassigned") return { kind: "unassigned" };
  return { kind: "user", userId: Number(owner) };
}

function statusesFor(query: CaseQueueQuery): CaseStatus[] {
  const chosen: CaseStatus[] = query.status === "active" ? [...ACTIVE_CASE_STATUSES] : query.status === "all" ? [...CASE_STATUSES] : [query.status];
  // Only active cases can be overdue, so "overdue only" narrows whatever was chosen to those.
  return query.overdue ? chosen.filter((status) => (ACTIVE_CASE_STATUSES as readonly CaseStatus[]).includes(status)) : chosen;
}

/** A page of the queue (keyset on due time and id), with the owner choices and the overdue count. */
export function listCaseQueuePage(query: CaseQueueQuery, user: StaffUser, now = Date.now(), pageSize = CASE_PAGE_SIZE) {
  const owner = ownerFilter(query.owner, user);
  const statuses = statusesFor(query);
  const kind = query.kind === "all" ? null : query.kind;
  let after: CaseQueueKey | null = null;
  if (query.after) {
    const [dueAt, id] = query.after.split(".").map(Number);
    after = { dueAt, id };
  }
  const page = statuses.length === 0 ? [] : listCaseQueue({ owner, kind, statuses, overdueOnly: query.overdue, now }, after, pageSize + 1);
  const rows = page.slice(0, pageSize);
  const last = rows.at(-1);
  return {
    query,
    rows,
    next: page.length > pageSize && last ? `${last.dueAt}.${last.id}` : null,
    now,
    pageSize,
    overdueCount: countOverdueCases(owner, now, undefined, kind),
    users: listAssignableUsers(),
    /** The signed-in user's own queue (the page is titled so), rather than a wider view. */
    mine: query.owner === "me",
  };
}
