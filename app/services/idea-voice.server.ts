import { parseVoicePeriod, periodStart, topByBound, type Ranked, type VoicePeriod } from "../domain/idea-voice";
import {
  linkedCommentsOf,
  segmentAcvCeilings,
  segmentAskingOf,
  segmentCandidates,
  topIdeaIdsByArr,
  voiceIdeas,
  VOICE_SEGMENTS,
  type LinkedCommentRow,
  type VoiceFilters,
  type VoiceSegment,
} from "../models/idea-voice.server";
import { parseStatusFilter } from "./idea-board.server";

/*
 * The "voice of the customer" page: the ideas with the most revenue asking, the same within each
 * touch segment, and the NPS comments linked to them. Read-only. The whole board's figures are the
 * triggers' (decision 045); the per-segment ARR is summed here only for the ideas that can make a
 * segment's list, found by an upper bound read from the ideas table (see `topByBound`).
 */

export const VOICE_TOP = 10;
export const VOICE_PER_SEGMENT = 5;
export const VOICE_COMMENTS_PER_IDEA = 5;

export function voiceFilters(params: URLSearchParams) {
  const status = parseStatusFilter(params.get("status"));
  const area = (params.get("area") ?? "").trim().toLowerCase().slice(0, 30);
  const period: VoicePeriod = parseVoicePeriod(params.get("period"));
  return { period, status: status.key, statuses: status.statuses, area };
}

type SegmentSplit = Record<VoiceSegment, { accounts: number; arrMinor: number }>;
const emptySplit = (): SegmentSplit => ({ high: { accounts: 0, arrMinor: 0 }, low: { accounts: 0, arrMinor: 0 }, tech: { accounts: 0, arrMinor: 0 } });

/** The ideas a segment's accounts want most: the segment's ARR and accounts per idea, most first. */
function topOfSegment(segment: VoiceSegment, ceiling: number, filters: VoiceFilters): Ranked[] {
  const exact = (ids: number[]) => segmentAskingOf(ids, segment).map((row) => ({ id: row.ideaId, arrMinor: row.arrMinor, accounts: row.accounts }));
  // The highest bounds first; more only in the rare case the search reaches the end of them without settling.
  for (let limit = 100; ; limit *= 10) {
    const candidates = segmentCandidates(segment, ceiling, filters, limit);
    const { top, summed } = topByBound(candidates, VOICE_PER_SEGMENT, exact);
    if (summed < candidates.length || candidates.length < limit) return top;
  }
}

export type VoiceComment = Omit<LinkedCommentRow, "ideaId" | "total" | "createdAt"> & { createdAt: string; responsePath: string };

export function voiceOfTheCustomer(params: URLSearchParams, now = Date.now()) {
  const filters = voiceFilters(params);
  const query: VoiceFilters = { statuses: filters.statuses, area: filters.area || null };

  // Ideas no customer account asks for (a staff idea nobody voted on) are not a customer's voice.
  const topIds = topIdeaIdsByArr(query, VOICE_TOP);
  const ceilings = segmentAcvCeilings();
  const segments = VOICE_SEGMENTS.map((segment) => ({ segment, ranked: topOfSegment(segment, ceilings[segment], query) }));

  const splits = new Map<number, SegmentSplit>();
  for (const row of segmentAskingOf(topIds)) {
    const split = splits.get(row.ideaId) ?? emptySplit();
    split[row.segment] = { accounts: row.accounts, arrMinor: row.arrMinor };
    splits.set(row.ideaId, split);
  }

  const shown = [...new Set([...topIds, ...segments.flatMap((entry) => entry.ranked.map((idea) => idea.id))])];
  const ideas = new Map(voiceIdeas(shown).map((idea) => [idea.id, idea]));
  const comments = new Map<number, { total: number; rows: VoiceComment[] }>();
  for (const row of linkedCommentsOf(shown, periodStart(filters.period, now), VOICE_COMMENTS_PER_IDEA)) {
    const entry = comments.get(row.ideaId) ?? { total: row.total, rows: [] };
    entry.rows.push({
      responseId: row.responseId,
      score: row.score,
      category: row.category,
      comment: row.comment,
      accountId: row.accountId,
      accountName: row.accountName,
      contactId: row.contactId,
      contactName: row.contactName,
      contactEmail: row.contactEmail,
      createdAt: new Date(row.createdAt).toISOString(),
      responsePath: `/cs/responses/${row.responseId}`,
    });
    comments.set(row.ideaId, entry);
  }
  const linked = (id: number) => comments.get(id) ?? { total: 0, rows: [] };
  const path = (id: number) => `/cs/community/ideas/${id}`;
  const inTop = new Set(topIds);
  const top = topIds.flatMap((id) => ideas.get(id) ?? []);

  return {
    filters: { period: filters.period, status: filters.status, area: filters.area },
    top: top.map((idea) => ({
      id: idea.id,
      title: idea.title,
      status: idea.status,
      path: path(idea.id),
      areas: idea.areas,
      votes: idea.votes,
      accounts: idea.accounts,
      arrMinor: idea.arrMinor,
      segments: splits.get(idea.id) ?? emptySplit(),
      comments: linked(idea.id),
    })),
    bySegment: segments.map(({ segment, ranked }) => ({
      segment,
      ideas: ranked.flatMap((entry) => {
        const idea = ideas.get(entry.id);
        if (!idea) return [];
        return [
          {
            id: idea.id,
            title: idea.title,
            status: idea.status,
            path: path(idea.id),
            // Its comments are listed under the top ideas when it is one of them (the page links there), else beside it.
            inTop: inTop.has(idea.id),
            accounts: entry.accounts,
            arrMinor: entry.arrMinor,
            comments: linked(idea.id),
          },
        ];
      }),
    })),
  };
}
