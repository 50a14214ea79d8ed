import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CATEGORIES } from "../domain/nps";
import { responseFeed } from "../models/nps-api.server";
import { apiJson, authenticateApiRequest, handleApi, methodNotAllowed } from "../utils/api.server";
import { decodeCursor, encodeCursor, parseApiQuery } from "../utils/api-query.server";

const Cursor = z.tuple([z.number().int().nonnegative(), z.number().int().positive()]);

const Query = z.strictObject({
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, "use an ISO date or time, e.g. 2026-03-01 or 2026-03-01T09:00:00Z")
    .transform((text, ctx) => {
      const ms = Date.parse(text);
      const [year, month, day] = text.slice(0, 10).split("-").map(Number);
      // Date.parse rolls 2026-02-30 over into March; a real calendar day reads back the same.
      const calendarDay = new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) === text.slice(0, 10);
      if (Number.isNaN(ms) || !calendarDay) {
        ctx.addIssue({ code: "custom", message: `${text} is not a real date` });
        return z.NEVER;
      }
      return ms;
    })
    .optional(),
  category: z.enum(CATEGORIES, { error: "use promoter, passive or detractor" }).optional(),
  cursor: z
    .string()
    .transform((text, ctx) => {
      const parsed = Cursor.safeParse(decodeCursor(text));
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: "not a cursor from this API; pass nextCursor back unchanged" });
        return z.NEVER;
      }
      return { updatedAt: parsed.data[0], id: parsed.data[1] };
    })
    .optional(),
  limit: z.coerce
    .number({ error: "a whole number from 1 to 1000" })
    .int("a whole number from 1 to 1000")
    .min(1, "at least 1")
    .max(1000, "at most 1000")
    .default(100),
});

/**
 * GET /api/v1/responses?since=&category=&cursor=&limit= — responses in the order they were last
 * written, oldest first (scope responses:read). Pass `nextCursor` back as `cursor` until it is
 * null; keep the same `since` and `category` while paging.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(() => {
    const { headers } = authenticateApiRequest(request, "responses:read");
    const query = parseApiQuery(Query, request, headers, "?since=&category=&cursor=&limit=");
    const page = responseFeed({ since: query.since, category: query.category, after: query.cursor, limit: query.limit });
    return apiJson(
      {
        responses: page.rows.map((row) => ({ ...row, updatedAt: new Date(row.updatedAt).toISOString() })),
        nextCursor: page.next ? encodeCursor([page.next.updatedAt, page.next.id]) : null,
      },
      200,
      headers,
    );
  });
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
