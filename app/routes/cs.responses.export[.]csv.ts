import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentDisposition } from "../domain/csv-export";
import { parseResponseExportQuery, startResponseExport } from "../services/export-responses.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";

const plainText = { "Content-Type": "text/plain; charset=utf-8" };

/**
 * GET /cs/responses/export.csv?<the list's filters>&encoding=utf8-bom|utf8|shift_jis&headers=keys|language:
 * the response list's current view, every page in the list's order, streamed as CSV; its header
 * row in English keys (the default, for scripts) or in the exporter's language (the console's form).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "export:response:any");
  const parsed = parseResponseExportQuery(new URL(request.url).searchParams);
  if (!parsed.ok) throw new Response(parsed.message, { status: 400, headers: plainText });
  const started = startResponseExport(staff, parsed.request, { signal: request.signal, ip: clientIp(request), language: staff.language });
  if (!started.ok) {
    const headers: Record<string, string> = { ...plainText };
    if (started.retryAfterSeconds !== undefined) headers["Retry-After"] = String(started.retryAfterSeconds);
    throw new Response(started.message, { status: started.status, headers });
  }
  const charset = parsed.request.encoding === "shift_jis" ? "Shift_JIS" : "utf-8";
  return new Response(started.stream, {
    headers: {
      "Content-Type": `text/csv; charset=${charset}; header=present`,
      "Content-Disposition": attachmentDisposition(started.fileName),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      // How many rows the view counted when the export started; the body may differ if answers arrive meanwhile.
      "X-Kizuna-Expected-Rows": String(started.expectedRows),
    },
  });
}
