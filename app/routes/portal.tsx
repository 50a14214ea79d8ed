import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { CustomerShell } from "../components/customer-shell";
import { requireContact } from "../utils/auth.server";

/** Every portal page is for a signed-in contact; a staff session does not count. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireContact(request);
  return null;
}

export default function PortalLayout() {
  return (
    <CustomerShell signedIn>
      <Outlet />
    </CustomerShell>
  );
}
