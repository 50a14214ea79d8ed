import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "../utils/session.server";

/** Ends the customer session (and only that: a staff session in the same browser stays). */
export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": await endSession("contact", request) } });
}

// Signing out changes state, so a GET (a prefetch, a pasted URL) only goes back to the portal.
export function loader() {
  return redirect("/portal");
}
