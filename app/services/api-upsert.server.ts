import { z } from "zod";
import type { RowError } from "../domain/rows";
import { ApiError, API_MAX_ROWS, apiJson, type ApiKeyPrincipal } from "../utils/api.server";
import { upsertAccounts } from "./upsert-accounts.server";
import { isRowsRejected, type UpsertActor } from "./upsert-common.server";
import { upsertContacts } from "./upsert-contacts.server";

/**
 * `PUT /api/v1/accounts` and `PUT /api/v1/contacts`: an envelope `{"<entity>": [rows]}` of up to
 * 1,000 rows, written all or nothing. Rows that break the schema (or repeat a key) answer 400;
 * well-formed rows that name something Kizuna lacks answer 422. Both list every error.
 */
export type BulkEntity = "accounts" | "contacts";

export function apiBulkUpsert(entity: BulkEntity, key: ApiKeyPrincipal, body: unknown, headers: Record<string, string>): Response {
  const envelope = z.strictObject({ [entity]: z.array(z.unknown()) }).safeParse(body);
  if (!envelope.success) {
    throw new ApiError(400, "invalid_body", `Send a JSON object {"${entity}": [ … ]} with up to ${API_MAX_ROWS.toLocaleString("en")} rows.`, headers, {
      upserted: 0,
      errors: envelope.error.issues.map((issue) => ({
        index: null,
        path: (issue.code === "unrecognized_keys" ? issue.keys : [issue.path.join(".")]).join(", "),
        code: issue.code === "unrecognized_keys" ? "unknown_field" : "invalid_value",
        message: issue.code === "unrecognized_keys" ? `unknown field; send only "${entity}"` : issue.message,
      })),
    });
  }
  const rows = (envelope.data as Record<string, unknown[]>)[entity];
  if (rows.length > API_MAX_ROWS) {
    throw new ApiError(
      413,
      "too_many_rows",
      `${rows.length.toLocaleString("en")} ${entity} in one request; send at most ${API_MAX_ROWS.toLocaleString("en")} per request and split the rest into further requests.`,
      headers,
    );
  }
  const actor: UpsertActor = { apiKey: key };
  const options = { describeRow: (index: number) => `${entity}.${index}`, audit: { action: "api.upsert" as const, onlyWhenChanged: true } };
  try {
    const counts = entity === "accounts" ? upsertAccounts(actor, rows, options) : upsertContacts(actor, rows, options);
    return apiJson({ upserted: rows.length, ...counts, errors: [] }, 200, headers);
  } catch (error) {
    if (!isRowsRejected(error)) throw error;
    const rejected = error.detail ?? [];
    // Rows that are well-formed but name what Kizuna lacks or must not take (an erased person's address) are 422.
    const malformed = rejected.some((e) => e.code !== "unknown_reference" && e.code !== "do_not_contact");
    throw new ApiError(
      malformed ? 400 : 422,
      malformed ? "invalid_rows" : "unresolved_rows",
      `${new Set(rejected.map((e) => e.index)).size} of ${rows.length} rows have errors; nothing was written. Fix them and send the batch again.`,
      headers,
      { upserted: 0, errors: rejected.map((e) => apiRowError(entity, e)) },
    );
  }
}

function apiRowError(entity: BulkEntity, error: RowError) {
  return { index: error.index, path: [entity, error.index, error.path].filter((part) => part !== "").join("."), code: error.code, message: error.message };
}
