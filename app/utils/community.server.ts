import type { Language } from "../locales";
import { findMemberOfContact, findMemberOfUser, type CommunityMember } from "../models/community-member.server";
import type { PortalContact } from "../models/contact.server";
import type { ConsoleUser } from "../models/user.server";
import { getContact, getStaff } from "./auth.server";

/**
 * Who is looking at a community page: a customer (signed in with their sign-in link), a staff
 * user (signed in to the console; staff take part with that sign-in), or nobody. `member` is
 * their member row once they have taken part (null before: reading needs none).
 */
export type CommunityViewer =
  | { kind: "contact"; contact: PortalContact; member: CommunityMember | null; language: Language }
  | { kind: "staff"; user: ConsoleUser; member: CommunityMember | null; language: Language }
  | { kind: "anonymous"; language: null };

/** A staff session wins when a browser holds both (a CSM checking the community as themselves). */
export async function communityViewer(request: Request): Promise<CommunityViewer> {
  const user = await getStaff(request);
  if (user) return { kind: "staff", user, member: findMemberOfUser(user.id) ?? null, language: user.language };
  const contact = await getContact(request);
  if (contact) return { kind: "contact", contact, member: findMemberOfContact(contact.id) ?? null, language: contact.locale };
  return { kind: "anonymous", language: null };
}
