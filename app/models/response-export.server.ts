import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { db } from "../utils/db.server";

/** What the export writes beside the list's columns, for one response. */
export type ResponseExportDetails = {
  csmName: string | null;
  campaignName: string | null;
  /** The follow-up case's status, null when there is none. */
  caseStatus: string | null;
};

/**
 * The CSM, campaign and follow-up status of a batch of responses, by response id. The ids go in
 * as one JSON array, so a batch of any size is one statement with one parameter; every lookup
 * is by primary key or `cases_response_idx`.
 */
export function responseExportDetails(responseIds: readonly number[], conn: Db = db): Map<number, ResponseExportDetails> {
  const details = new Map<number, ResponseExportDetails>();
  if (responseIds.length === 0) return details;
  const rows = conn.all<{ id: number; csm_name: string | null; campaign_name: string | null; case_status: string | null }>(sql`
    SELECT r.id, u.name AS csm_name, cp.name AS campaign_name, cs.status AS case_status
    FROM json_each(${JSON.stringify(responseIds)}) ids
    JOIN responses r ON r.id = ids.value
    JOIN accounts a ON a.id = r.account_id
    LEFT JOIN users u ON u.id = a.csm_user_id
    LEFT JOIN campaigns cp ON cp.id = r.campaign_id
    LEFT JOIN cases cs ON cs.response_id = r.id`);
  for (const row of rows) details.set(row.id, { csmName: row.csm_name, campaignName: row.campaign_name, caseStatus: row.case_status });
  return details;
}
