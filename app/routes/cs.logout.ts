import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { audit } from "../models/audit.server";
import { getStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { endSession } from "../utils/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const user = await getStaff(request);
  if (user) audit({ actorUserId: user.id, action: "auth.sign_out", entity: "user", entityId: user.id, ip: clientIp(request) });
  return redirect("/cs/login", { headers: { "Set-Cookie": await endSession("staff", request) } });
}

// Signing out changes state, so a GET only lands on the sign-in page.
export function loader() {
  return redirect("/cs");
}
