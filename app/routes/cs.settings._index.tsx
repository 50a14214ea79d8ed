import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "../utils/auth.server";

/** /cs/settings opens the first section; the address (and POST to it) keeps working. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:settings:any");
  return redirect("/cs/settings/segments");
}
