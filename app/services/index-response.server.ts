import { indexComment } from "../models/comment-search.server";
import { rollUpResponse } from "../models/nps-rollup.server";
import { teamTimeZone } from "../models/settings.server";
import { transaction } from "../utils/db.server";

/**
 * Keeps what the console derives from one response current: its count on the dashboard and its
 * comment in the search index. The response pipeline runs it for every recorded answer; it is
 * idempotent, and a response deleted since is taken out of both.
 */
export function indexResponse(responseId: number) {
  transaction((tx) => {
    rollUpResponse(tx, responseId, teamTimeZone());
    indexComment(tx, responseId);
  });
}
