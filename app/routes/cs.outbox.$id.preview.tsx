import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findOutboxEmailForConsole } from "../models/outbox.server";
import { requireStaff } from "../utils/auth.server";

/**
 * The email's HTML as the recipient sees it, links masked, for the sandboxed frame on
 * /cs/outbox/:id. Its own document with its own policy: the email's inline styles apply, and
 * nothing else does — no script, no request anywhere (images only from data: URLs), no form,
 * no plugin, framed only by the console itself, in a sandbox (an opaque origin without script,
 * forms, pop-ups or top navigation), whatever frame it is put in.
 */
export const OUTBOX_PREVIEW_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  "sandbox",
].join("; ");

const OutboxId = z.coerce.number().int().positive();

const REMOVED = `<!doctype html><html><body><p style="font-family:sans-serif;color:#555">This email's body was removed after it was delivered: it was queued before links were minted at send time, and held working links.</p></body></html>`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "read:outbox:any");
  const id = OutboxId.safeParse(params.id);
  const email = id.success ? findOutboxEmailForConsole(id.data) : undefined;
  const headers = {
    "Content-Security-Policy": OUTBOX_PREVIEW_CSP,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
  };
  if (!email)
    return new Response("There is no email with this id in the outbox.", { status: 404, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(email.html || REMOVED, { headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}
