import type { IdeaStatus } from "../../db/schema";
import type { IdeaSort } from "../domain/ideas";
import { getSetting } from "../models/settings.server";
import { env } from "../utils/env.server";
import { boardPage } from "./idea-board.server";

/** The API's page of ideas (`GET /api/v1/ideas`): every listed idea of every ideas category, staff's view (ARR included). */
export function apiIdeaPage(query: { status: IdeaStatus | null; sort: IdeaSort; after: string | null }) {
  const page = boardPage({ memberId: null, staff: true }, { sort: query.sort, statuses: query.status ? [query.status] : null, after: query.after });
  const currency = getSetting("currency").reportingCurrency;
  return {
    ideas: page.ideas.map((idea) => ({
      id: idea.id,
      title: idea.title,
      status: idea.status,
      url: `${env().APP_URL}${idea.path}`,
      votes: idea.votes,
      accounts: idea.asking?.accounts ?? 0,
      arr: { amount: idea.asking?.arrMinor ?? 0, currency },
      segments: { high: idea.asking?.high ?? 0, low: idea.asking?.low ?? 0, tech: idea.asking?.tech ?? 0 },
      createdAt: new Date(idea.createdAt).toISOString(),
      updatedAt: new Date(idea.updatedAt).toISOString(),
    })),
    next: page.next,
  };
}
