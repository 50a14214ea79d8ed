import { eq } from "drizzle-orm";
import { communityMembers, contacts, users } from "../../db/schema";
import { DISPLAY_NAME_MAX, MEMBER_TITLE_MAX } from "../domain/community-rules";
import { ServiceError } from "../domain/service-error";
import type { Language } from "../locales";
import { ensureContactMember, ensureStaffMember } from "../models/community-member.server";
import type { CommunityReader } from "../utils/community-access.server";
import { transaction } from "../utils/db.server";

export type ProfileInput = { displayName: string; title: string; showCompany: boolean; language: string };

/**
 * A member's own profile settings: the name shown on their posts, their title, whether their
 * company is shown, and their language (a customer's is their contact locale: emails follow it;
 * a staff user's is their console language). A suspended member may still edit their profile.
 */
export function updateCommunityProfile(reader: CommunityReader, input: ProfileInput): { handle: string; language: Language } {
  const displayName = input.displayName.replace(/\s+/g, " ").trim();
  if (!displayName || Array.from(displayName).length > DISPLAY_NAME_MAX)
    throw new ServiceError(400, "communityDisplayName", { max: DISPLAY_NAME_MAX }, "displayName");
  const title = input.title.replace(/\s+/g, " ").trim();
  if (Array.from(title).length > MEMBER_TITLE_MAX) throw new ServiceError(400, "communityMemberTitle", { max: MEMBER_TITLE_MAX }, "title");
  if (input.language !== "en" && input.language !== "ja") throw new ServiceError(400, "communityLanguage", {}, "language");
  const language: Language = input.language;
  return transaction((tx) => {
    const viewer = reader.viewer;
    const member = viewer.kind === "staff" ? ensureStaffMember(tx, viewer.user) : ensureContactMember(tx, viewer.contact);
    tx.update(communityMembers).set({ displayName, title, showCompany: input.showCompany }).where(eq(communityMembers.id, member.id)).run();
    if (viewer.kind === "staff") tx.update(users).set({ locale: language }).where(eq(users.id, viewer.user.id)).run();
    else tx.update(contacts).set({ locale: language }).where(eq(contacts.id, viewer.contact.id)).run();
    return { handle: member.handle, language };
  });
}
