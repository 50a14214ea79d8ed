import { z } from "zod";
import { listUntaggedResponsePage, type UntaggedKey, type UntaggedRow } from "../models/untagged-responses.server";

export const UNTAGGED_PAGE_SIZE = 50;

const CURSOR = /^(\d{1,15})-(\d{1,15})$/;
const Cursor = z
  .string()
  .regex(CURSOR)
  .transform((value): UntaggedKey => {
    const [, updatedAt, id] = CURSOR.exec(value)!;
    return { updatedAt: Number(updatedAt), id: Number(id) };
  });

export function encodeUntaggedCursor(row: Pick<UntaggedRow, "updatedAt" | "id">): string {
  return `${row.updatedAt}-${row.id}`;
}

export type UntaggedQuery = { ok: true; after: UntaggedKey | null } | { ok: false; code: "queryInvalidPosition" };

/** The `after` parameter of the queue's URL, or a refusal (worded by the page) when it is not one the page wrote. */
export function parseUntaggedQuery(params: URLSearchParams): UntaggedQuery {
  const raw = params.get("after");
  if (raw === null || raw === "") return { ok: true, after: null };
  const parsed = Cursor.safeParse(raw);
  return parsed.success ? { ok: true, after: parsed.data } : { ok: false, code: "queryInvalidPosition" };
}

export function listUntaggedResponses(after: UntaggedKey | null, pageSize = UNTAGGED_PAGE_SIZE): { rows: UntaggedRow[]; next: string | null } {
  const rows = listUntaggedResponsePage(after, pageSize + 1);
  const page = rows.slice(0, pageSize);
  return { rows: page, next: rows.length > pageSize ? encodeUntaggedCursor(page[page.length - 1]) : null };
}
