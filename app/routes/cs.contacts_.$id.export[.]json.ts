import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportPersonalData } from "../services/export-personal-data.server";
import { requireStaff } from "../utils/auth.server";
import { refusalOf, requireId } from "../utils/refusal.server";

/**
 * `GET /cs/contacts/:id/export.json`: everything Kizuna holds about one person, as a download
 * (admins). A read: the only row it writes is its audit entry, which a GET may (DESIGN rule 4).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "manage:contact:any");
  const contactId = requireId(params);
  try {
    const exported = await exportPersonalData({ user: me }, contactId, me.language);
    return new Response(JSON.stringify(exported, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="kizuna-personal-data-contact-${contactId}.json"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    const refusal = refusalOf(error, me.language);
    throw new Response(refusal.message, { status: refusal.status });
  }
}
