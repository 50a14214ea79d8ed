import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { TITLE_MAX } from "../domain/community-rules";
import { similarTopics } from "../services/community-search.server";
import { requireCommunityReader } from "../utils/community-access.server";

const Query = z.object({ title: z.string().max(TITLE_MAX).catch("") });

/**
 * `GET /community/similar?title=` → `{"topics":[{"id","title","url","replyCount","solved"}]}`:
 * topics whose titles look like the one being typed on the new-topic form (read by
 * `public/community-similar.js`). Titles are text: the script writes them with `textContent`.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const { title } = Query.parse({ title: new URL(request.url).searchParams.get("title") ?? "" });
  const topics = similarTopics(reader, title, 5);
  return Response.json({ topics }, { headers: { "Cache-Control": "private, max-age=60", Vary: "Cookie" } });
}
