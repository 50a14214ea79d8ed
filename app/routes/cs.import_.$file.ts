import type { LoaderFunctionArgs } from "@remix-run/node";
import { IMPORT_KINDS } from "../domain/csv-rows";
import { csvTemplate } from "../services/import-csv.server";
import { requireStaff } from "../utils/auth.server";

/** GET /cs/import/accounts.csv and /cs/import/contacts.csv: empty templates with the exact headers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "import:account:any");
  const kind = IMPORT_KINDS.find((k) => `${k}.csv` === params.file);
  if (!kind) throw new Response("There are templates for accounts.csv and contacts.csv.", { status: 404 });
  return new Response(csvTemplate(kind), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="kizuna-${kind}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
