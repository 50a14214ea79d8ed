import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentDisposition } from "../domain/csv-export";
import { ideasCsv } from "../services/idea-console.server";
import { requireStaff } from "../utils/auth.server";

/** GET /cs/community/ideas/export.csv?<the ranking's filters>: every idea the filters keep, in the ranking's order, for the product team. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "read:idea:any");
  const lines = ideasCsv(new URL(request.url).searchParams);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": attachmentDisposition(`ideas-${new Date().toISOString().slice(0, 10)}.csv`),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
