import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportGuides } from "../services/publish-guides.server";
import { requireStaff } from "../utils/auth.server";

/** `/cs/guides/export.json`: the published guides as `GET /api/v1/guides` gives them, to keep in version control or import elsewhere. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:guide:any");
  return new Response(JSON.stringify({ guides: exportGuides({ user }) }, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": 'attachment; filename="guides.json"', "Cache-Control": "no-store" },
  });
}
