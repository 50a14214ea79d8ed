import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findOutboxEmailForConsole } from "../models/outbox.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

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

/** The stand-in for a body Kizuna removed, in the reader's language (it is console chrome, not the email). */
const removed = (language: string, text: string) =>
  `<!doctype html><html lang="${language}"><body><p style="font-family:sans-serif;color:#555">${text.replace(/[<>&]/g, "")}</p></body></html>`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:outbox:any");
  const t = await fixedT(user.language, "admin");
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
  if (!email) return new Response(t("outbox.notFound"), { status: 404, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(email.html || removed(user.language, t("outbox.email.bodyRemoved")), {
    headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
  });
}
