import type { ActionFunctionArgs } from "@remix-run/node";
import { handleResendWebhook, WEBHOOK_MAX_BODY_BYTES } from "../services/handle-resend-webhook.server";
import { BodyTooLargeError, formatBytes, readBodyBytes } from "../utils/body.server";
import { env } from "../utils/env.server";
import { countWebhook } from "../utils/metrics.server";

function reply(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** Only Resend POSTs here; a browser visiting the URL learns what it is for. */
export function loader() {
  return reply(405, { error: "Resend delivers webhooks here with POST." }, { Allow: "POST" });
}

/** POST /webhooks/resend — delivery events, verified over the exact bytes received. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return reply(405, { error: `${request.method} is not supported here; use POST.` }, { Allow: "POST" });
  let bytes: Uint8Array;
  try {
    bytes = await readBodyBytes(request, WEBHOOK_MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return reply(413, { error: `The body is larger than ${formatBytes(WEBHOOK_MAX_BODY_BYTES)}.` });
    throw error;
  }
  let body: string;
  try {
    body = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return reply(400, { error: "The body is not UTF-8 text." });
  }
  const outcome = handleResendWebhook({
    secret: env().RESEND_WEBHOOK_SECRET,
    headers: { id: request.headers.get("svix-id"), timestamp: request.headers.get("svix-timestamp"), signature: request.headers.get("svix-signature") },
    body,
  });
  countWebhook("in", "resend", String(outcome.status));
  return outcome.status === 200
    ? reply(200, { ok: true, result: outcome.result, message: outcome.message })
    : reply(outcome.status, { error: outcome.message });
}
