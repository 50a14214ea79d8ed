import { sql } from "drizzle-orm";
import { addDays, ideaIdOf, RENEWING_DAYS, type IdeaSort } from "../domain/ideas";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import { listBoard, listIdeasOfResponse, listRecentRequests, renewingArrOf } from "../models/idea.server";
import { getSetting, teamTimeZone } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import { dayInZone } from "../domain/zone-days";
import { env } from "../utils/env.server";
import { transaction } from "../utils/db.server";
import { boardPage, parseStatusFilter } from "./idea-board.server";
import { assertMay } from "./idea-triage.server";

/*
 * The console's ideas: the ranking by the revenue asking with its filters, its CSV export for the
 * product team, and linking an NPS comment to an idea from the response page.
 */

const SEGMENTS = ["high", "low", "tech"] as const;
const SORTS = ["arr", "votes", "newest", "trending"] as const satisfies readonly IdeaSort[];

/** The ranking's filters from the query string; anything malformed falls back to the default. */
export function rankingFilters(params: URLSearchParams) {
  const wanted = params.get("segment");
  const segment: (typeof SEGMENTS)[number] | "" = SEGMENTS.find((value) => value === wanted) ?? "";
  const sort = (SORTS as readonly string[]).includes(params.get("sort") ?? "") ? (params.get("sort") as IdeaSort) : "arr";
  const area = (params.get("area") ?? "").trim().toLowerCase().slice(0, 30);
  const status = parseStatusFilter(params.get("status"));
  return { segment, sort, area, status: status.key, statuses: status.statuses, after: params.get("after") ?? "" };
}

export function consoleIdeaRanking(params: URLSearchParams) {
  const filters = rankingFilters(params);
  const page = boardPage(
    { memberId: null, staff: true },
    {
      sort: filters.sort,
      statuses: filters.statuses,
      segment: filters.segment || null,
      area: filters.area || null,
      after: filters.after || null,
      renewing: true,
    },
  );
  const query = new URLSearchParams({ segment: filters.segment, status: filters.status, area: filters.area, sort: filters.sort });
  return {
    ...page,
    filters: { segment: filters.segment, status: filters.status, area: filters.area, sort: filters.sort, after: filters.after },
    requests: listRecentRequests(20).map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() })),
    exportHref: `/cs/community/ideas/export.csv?${query}`,
  };
}

const CSV_COLUMNS = [
  "id",
  "title",
  "status",
  "votes",
  "accounts",
  "arr_asking_minor",
  "currency",
  "high_touch_accounts",
  "low_touch_accounts",
  "tech_touch_accounts",
  "arr_renewing_90_days_minor",
  "offer",
  "product_areas",
  "owner",
  "tracker_url",
  "url",
  "created_at",
];

const csvCell = (value: string | number | null) => {
  const text = value === null ? "" : String(value);
  // A leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Every idea the filters keep, in their order, as CSV lines (in pages of 500, so a large board never sits in memory at once). */
export function* ideasCsv(params: URLSearchParams): Generator<string> {
  const filters = rankingFilters(params);
  const currency = getSetting("currency").reportingCurrency;
  const day = dayInZone(Date.now(), teamTimeZone());
  yield "\uFEFF" + CSV_COLUMNS.join(",") + "\r\n";
  let after: { key: number; id: number } | null = null;
  let offset = 0;
  for (;;) {
    const rows = listBoard({ sort: filters.sort, statuses: filters.statuses, segment: filters.segment || null, area: filters.area || null, after, limit: 500 });
    if (rows.length === 0) return;
    const renewing = renewingArrOf(
      rows.map((row) => row.id),
      day,
      addDays(day, RENEWING_DAYS),
    );
    let chunk = "";
    for (const row of rows) {
      chunk +=
        [
          row.id,
          row.title,
          row.status,
          row.votes,
          row.accounts,
          row.arrMinor,
          currency,
          row.high,
          row.low,
          row.tech,
          renewing.get(row.id) ?? 0,
          row.offer,
          row.areas.join(" "),
          row.ownerName,
          row.trackerUrl,
          `${env().APP_URL}/community/t/${row.id}`,
          new Date(row.createdAt).toISOString(),
        ]
          .map(csvCell)
          .join(",") + "\r\n";
    }
    yield chunk;
    const last = rows[rows.length - 1];
    offset += rows.length;
    after =
      filters.sort === "trending"
        ? { key: 0, id: offset }
        : { key: filters.sort === "arr" ? last.arrMinor : filters.sort === "votes" ? last.votes : last.id, id: last.id };
    if (rows.length < 500) return;
  }
}

/** The ideas an NPS response is linked to, for its page. */
export function ideasOfResponse(responseId: number) {
  return listIdeasOfResponse(responseId).map((row) => ({ ...row, path: `/cs/community/ideas/${row.id}` }));
}

/** Links an NPS response's comment to an idea (the feedback loop); linking twice changes nothing. */
export function linkResponseToIdea(actor: StaffUser, responseId: number, ideaText: string, ip?: string, now = Date.now()) {
  assertMay(actor, "write:idea:any");
  const ideaId = ideaIdOf(ideaText);
  if (ideaId === null) throw new ServiceError(400, "ideaMergeTarget", {}, "idea");
  return transaction((tx) => {
    const response = tx.get<{ comment: string | null } | undefined>(sql`SELECT comment FROM responses WHERE id = ${responseId}`);
    if (!response) throw new ServiceError(404, "ideaNotFound");
    if (!response.comment?.trim()) throw new ServiceError(422, "ideaResponseNoComment", {}, "idea");
    const idea = tx.get<{ id: number } | undefined>(sql`SELECT topic_id AS id FROM ideas WHERE topic_id = ${ideaId} AND listed = 1`);
    if (!idea) throw new ServiceError(404, "ideaNotFound", {}, "idea");
    const linked = tx.run(
      sql`INSERT INTO idea_response_links (idea_id, response_id, linked_by_user_id, created_at) VALUES (${idea.id}, ${responseId}, ${actor.id}, ${now}) ON CONFLICT DO NOTHING`,
    ).changes;
    if (linked) audit({ actorUserId: actor.id, action: "idea.response_linked", entity: "idea", entityId: idea.id, ip, detail: { response: responseId } }, tx);
    return { ideaId: idea.id, linked: linked > 0 };
  });
}
