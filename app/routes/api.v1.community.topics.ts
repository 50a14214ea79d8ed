import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { communityTopicFeed, publicCategoryId } from "../models/community-topic-feed.server";
import { ApiError, apiJson, authenticateApiRequest, handleApi, methodNotAllowed } from "../utils/api.server";
import { ApiSince, decodeCursor, encodeCursor, parseApiQuery } from "../utils/api-query.server";
import { env } from "../utils/env.server";

const MAX_LIMIT = 100;
const Cursor = z.tuple([z.number().int().nonnegative(), z.number().int().positive()]);
const LIMIT = `a whole number from 1 to ${MAX_LIMIT}`;

const Query = z.strictObject({
  since: ApiSince.optional(),
  category: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "use a category slug, e.g. questions")
    .optional(),
  cursor: z
    .string()
    .transform((text, ctx) => {
      const parsed = Cursor.safeParse(decodeCursor(text));
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: "not a cursor from this API; pass nextCursor back unchanged" });
        return z.NEVER;
      }
      return { lastPostedAt: parsed.data[0], id: parsed.data[1] };
    })
    .optional(),
  limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, "at least 1").max(MAX_LIMIT, `at most ${MAX_LIMIT}`).default(50),
});

/** `/community/t/:id/:slug`, or `/community/t/:id` for a title that gave no slug. */
function topicUrl(id: number, slug: string): string {
  return `${env().APP_URL}/community/t/${id}${slug ? `/${encodeURIComponent(slug)}` : ""}`;
}

/**
 * GET /api/v1/community/topics?since=&category=&cursor=&limit= — public topics in the order they
 * were last posted to, oldest first (scope community:read). Pass `nextCursor` back as `cursor`
 * until it is null; keep the same `since` and `category` while paging. A topic that gets a new
 * reply comes back later in the feed, after its new `lastPostedAt`.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(() => {
    const { headers } = authenticateApiRequest(request, "community:read");
    const query = parseApiQuery(Query, request, headers, "?since=&category=&cursor=&limit=");
    let categoryId: number | undefined;
    if (query.category !== undefined) {
      categoryId = publicCategoryId(query.category);
      if (categoryId === undefined) throw new ApiError(400, "invalid_query", `category: no category has the slug ${query.category}`, headers);
    }
    const page = communityTopicFeed({ since: query.since, categoryId, after: query.cursor, limit: query.limit });
    return apiJson(
      {
        topics: page.rows.map((row) => ({
          id: row.id,
          title: row.title,
          category: row.category,
          url: topicUrl(row.id, row.slug),
          authorEmail: row.authorEmail,
          accountExternalId: row.accountExternalId,
          createdAt: new Date(row.createdAt).toISOString(),
          lastPostedAt: new Date(row.lastPostedAt).toISOString(),
          replies: row.replies,
          solved: row.solved === 1,
        })),
        nextCursor: page.next ? encodeCursor([page.next.lastPostedAt, page.next.id]) : null,
      },
      200,
      headers,
    );
  });
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
