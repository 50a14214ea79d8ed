import { rebuildCommentIndex } from "../../app/models/comment-search.server";
import { rebuildNpsRollups } from "../../app/models/nps-rollup.server";
import type { SeedStep } from "./context";

/** What the console derives from the seeded responses: dashboard counts and the comment search index. */
export const consoleStep: SeedStep = {
  name: "console",
  run(ctx) {
    ctx.progress("console: counting responses for the dashboard and indexing comments");
    rebuildNpsRollups(ctx.sqlite);
    rebuildCommentIndex(ctx.sqlite);
    const count = (table: string) => (ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { nps_daily: count("nps_daily"), invitations_daily: count("invitations_daily"), responses_fts: count("responses_fts") };
  },
};
