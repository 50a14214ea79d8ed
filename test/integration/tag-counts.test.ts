import { eq, sql } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { responses, responseTags, tags } from "../../db/schema";
import { countResponsesPerTag, deleteResponseTag, insertResponseTag, insertTag, markResponseTagManual } from "../../app/models/tag.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { db } from "../../app/utils/db.server";
import { createInvitation } from "../factories/nps";

/** The tags page's former query, which counted every tag row on each view: the oracle. */
function recount(): Map<number, number> {
  const rows = db.all<{ tagId: number; n: number }>(sql`SELECT t.id AS tagId, (SELECT count(*) FROM response_tags rt WHERE rt.tag_id = t.id) AS n FROM tags t`);
  return new Map(rows.map((row) => [row.tagId, row.n]));
}

function answered(comment: string) {
  const { token } = createInvitation();
  const result = recordNpsResponse(token, 4, comment, "127.0.0.1");
  if (result.kind !== "recorded") throw new Error(result.kind);
  return result.responseId;
}

beforeEach(() => {
  db.delete(responseTags).run();
  db.delete(tags).run();
});

it("responses per tag stay exact through tagging, untagging, and deleting responses and tags", () => {
  const pricing = insertTag(db, "Pricing");
  const speed = insertTag(db, "Speed");
  const [a, b, c] = [answered("too expensive"), answered("slow"), answered("slow and expensive")];
  for (const [response, tag] of [
    [a, pricing.id],
    [b, speed.id],
    [c, speed.id],
    [c, pricing.id],
  ] as const)
    expect(insertResponseTag(db, response, tag, "rule")).toBe(true);
  // Tagging twice changes nothing.
  expect(insertResponseTag(db, c, pricing.id, "manual")).toBe(false);
  expect(countResponsesPerTag()).toEqual(recount());
  expect(countResponsesPerTag().get(speed.id)).toBe(2);

  markResponseTagManual(db, c, speed.id);
  deleteResponseTag(db, b, speed.id);
  expect(countResponsesPerTag()).toEqual(recount());

  // A deleted response takes its tags along (cascade), and so does a deleted tag.
  db.delete(responses).where(eq(responses.id, c)).run();
  expect(countResponsesPerTag()).toEqual(recount());
  expect(countResponsesPerTag().get(pricing.id)).toBe(1);
  db.delete(tags).where(eq(tags.id, pricing.id)).run();
  expect(countResponsesPerTag()).toEqual(recount());
  expect([...countResponsesPerTag().values()]).toEqual([0]);
});
