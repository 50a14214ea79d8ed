import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { CustomerShell } from "../components/customer-shell";
import { findMemberOfContact } from "../models/community-member.server";
import { unreadNotificationsFor } from "../services/community-preferences.server";
import { requireContact } from "../utils/auth.server";

/** Every portal page is for a signed-in contact; a staff session does not count. */
export async function loader({ request }: LoaderFunctionArgs) {
  const contact = await requireContact(request);
  // The header's community notifications badge (one count over a small partial index).
  const member = findMemberOfContact(contact.id);
  return { unreadNotifications: member ? unreadNotificationsFor({ memberId: member.id }) : null };
}

export default function PortalLayout() {
  const { unreadNotifications } = useLoaderData<typeof loader>();
  return (
    <CustomerShell signedIn unreadNotifications={unreadNotifications}>
      <Outlet />
    </CustomerShell>
  );
}
