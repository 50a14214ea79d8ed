import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { markInvitationScanned } from "../services/mark-invitation-scanned.server";

/*
 * The honeypot behind the hidden link in every invitation email. People never see that link;
 * scanners and prefetchers follow it. This is the one GET in the app that writes, on purpose:
 * it marks the invitation as scanned (once; repeats change nothing) so bot clicks are visible
 * and never counted as engagement. Same plain answer for every token, so it reveals nothing.
 */
function scanned(token: string) {
  markInvitationScanned(token);
  return new Response("Nothing to see here.\n", {
    status: 200,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex, nofollow",
      "Referrer-Policy": "no-referrer",
    },
  });
}

export function loader({ params }: LoaderFunctionArgs) {
  return scanned(params.token ?? "");
}

export function action({ params }: ActionFunctionArgs) {
  return scanned(params.token ?? "");
}
