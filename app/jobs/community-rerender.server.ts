import { setTimeout as sleep } from "node:timers/promises";
import { postsRenderedBefore, storeRenderedHtml } from "../models/community-post.server";
import { renderPost } from "../services/render-community-post.server";
import { db, transaction } from "../utils/db.server";
import { listActiveJobs, registerJobHandler } from "../utils/jobs.server";
import { MARKDOWN_RENDER_VERSION } from "../utils/markdown.server";
import { communityRerenderJob } from "./job-types.server";

/*
 * Posts keep the HTML the renderer made when they were written, with its version. When the
 * renderer changes (a tightened rule, a new allowed tag) the version goes up and this job walks
 * the older posts in short transactions, so pages show what today's renderer makes of every
 * post without rendering on read. Nothing else changes: not the source, the edit count, or the
 * revisions.
 */

/** Posts per transaction: each render is ~0.1 ms, so the writer is held a few tens of ms at most. */
export const RERENDER_CHUNK = 200;
/** A run hands the rest to a follow-up job after this long, well inside its lease. */
const RUN_BUDGET_MS = 20_000;

/** Queues the walk when some post was rendered by an older renderer and no walk is under way (at start). */
export function queuePostRerenderIfStale(now = Date.now()): number | null {
  return transaction((tx) => {
    if (postsRenderedBefore(MARKDOWN_RENDER_VERSION, 1, tx).length === 0) return null;
    if (listActiveJobs(communityRerenderJob.type, tx).length > 0) return null;
    return communityRerenderJob.enqueue(tx, { version: MARKDOWN_RENDER_VERSION }, {}, now);
  });
}

/** One chunk: renders up to `limit` stale posts again; returns how many it rendered. */
export function rerenderChunk(version: number, limit = RERENDER_CHUNK): number {
  const stale = postsRenderedBefore(version, limit, db);
  // Render outside the transaction (pure CPU); write in one short one.
  const rendered = stale.map((post) => ({ id: post.id, ...renderPost(post.source) }));
  transaction((tx) => {
    for (const post of rendered) storeRenderedHtml(tx, post.id, post.html, post.renderVersion);
  });
  return rendered.length;
}

export async function rerenderPosts(rawPayload: unknown, options: { clock?: () => number; restMs?: number } = {}): Promise<void> {
  const { version } = communityRerenderJob.parse(rawPayload);
  // A newer process owns a newer renderer: an older job stops rather than render backwards.
  if (version !== MARKDOWN_RENDER_VERSION) return;
  const clock = options.clock ?? Date.now;
  const started = clock();
  while (rerenderChunk(version) === RERENDER_CHUNK) {
    if (clock() - started > RUN_BUDGET_MS) {
      transaction((tx) => communityRerenderJob.enqueue(tx, { version }, {}, clock()));
      return;
    }
    // Let requests and the sender in between chunks.
    await sleep(options.restMs ?? 5);
  }
}

registerJobHandler(communityRerenderJob.type, (payload) => rerenderPosts(payload));
