import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { IDEA_STATUS_VALUES } from "../domain/ideas";
import { apiIdeaPage } from "../services/idea-api.server";
import { apiJson, authenticateApiRequest, handleApi, methodNotAllowed } from "../utils/api.server";
import { decodeCursor, encodeCursor, parseApiQuery } from "../utils/api-query.server";

const Cursor = z.tuple([z.number().int(), z.number().int().nonnegative()]);

const Query = z.strictObject({
  status: z.enum(IDEA_STATUS_VALUES, { error: `one of ${IDEA_STATUS_VALUES.join(", ")}` }).optional(),
  sort: z.enum(["arr", "votes", "newest"], { error: "arr, votes or newest" }).default("arr"),
  cursor: z
    .string()
    .transform((text, ctx) => {
      const parsed = Cursor.safeParse(decodeCursor(text));
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: "not a cursor from this API; pass nextCursor back unchanged" });
        return z.NEVER;
      }
      return `${parsed.data[0]}.${parsed.data[1]}`;
    })
    .optional(),
});

/**
 * GET /api/v1/ideas?status=&sort=arr|votes|newest&cursor= — ideas with the revenue asking for them
 * (scope ideas:read): votes, distinct accounts, their ARR in the reporting currency at today's
 * rates, and the accounts by segment. Pass `nextCursor` back as `cursor` with the same filters.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(() => {
    const { headers } = authenticateApiRequest(request, "ideas:read");
    const query = parseApiQuery(Query, request, headers, "?status=&sort=&cursor=");
    const page = apiIdeaPage({ status: query.status ?? null, sort: query.sort, after: query.cursor ?? null });
    return apiJson({ ideas: page.ideas, nextCursor: page.next ? encodeCursor(page.next.split(".").map(Number)) : null }, 200, headers);
  });
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
