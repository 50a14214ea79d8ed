import type { LoaderFunctionArgs } from "@remix-run/node";
import { communitySitemap } from "../services/community-settings.server";

const notFound = () => new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });

/** The community's topics for search engines; there is none while only members may read. `?page=N` is one page of a large one. */
export async function loader({ request }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get("page");
  if (raw !== null && !/^[1-9]\d{0,6}$/.test(raw)) return notFound();
  const xml = communitySitemap(raw === null ? null : Number(raw));
  if (xml === null) return notFound();
  return new Response(xml, { headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
