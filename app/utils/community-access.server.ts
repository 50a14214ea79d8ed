import { redirect } from "@remix-run/node";
import { mustAcceptGuidelines } from "../domain/community-settings";
import { can } from "../domain/permissions";
import type { Segment } from "../domain/segments";
import type { Language } from "../locales";
import type { CommunityMember } from "../models/community-member.server";
import { findAccountSegment } from "../models/community-profile.server";
import { getSetting } from "../models/settings.server";
import { communityViewer, type CommunityViewer } from "./community.server";
import { resolveLanguage } from "./i18n.server";

/**
 * Someone who may read the community: a signed-in customer or staff user, with what the
 * community's rules need to know about them (their member row if they have taken part, whether
 * they are staff, their account's segment for restricted categories) and the page's language.
 */
export type CommunityReader = {
  viewer: Exclude<CommunityViewer, { kind: "anonymous" }>;
  memberId: number | null;
  staff: boolean;
  /** Staff whose role moderates the community (`moderate:community:any`): a viewer reads and takes part, and moderates nothing. */
  moderator: boolean;
  segment: Segment | null;
  language: Language;
};

/** What reading needs to know (no posting): a signed-in reader, or a visitor when everyone may read. */
export type CommunityReadScope = Pick<CommunityReader, "memberId" | "staff" | "moderator" | "segment" | "language">;

/**
 * For pages open to signed-out visitors when the admin lets everyone read (home, categories,
 * topics, search, profiles): the
 * signed-in reader, or a visitor who sees what a customer outside every restricted segment sees;
 * otherwise off to sign in, as `requireCommunityReader`.
 */
export async function requireCommunityReadScope(
  request: Request,
  everyoneMayRead: boolean,
): Promise<{ reader: CommunityReader | null; scope: CommunityReadScope }> {
  const viewer = await communityViewer(request);
  if (!mayReadCommunity(viewer) && everyoneMayRead) {
    return { reader: null, scope: { memberId: null, staff: false, moderator: false, segment: null, language: await resolveLanguage(request) } };
  }
  const reader = await readerOf(request, viewer);
  return { reader, scope: reader };
}

/**
 * The one read check of the community for signed-in readers (contacts and staff). When the admin
 * lets everyone read (`mayReadAnonymously()` in services/community-settings.server), a page that
 * is open to signed-out visitors (the reading pages) checks that before sending them to sign in;
 * posting always goes through this check.
 */
export function mayReadCommunity(viewer: CommunityViewer): viewer is CommunityReader["viewer"] {
  return viewer.kind !== "anonymous";
}

/** The first line of every community loader and action: who reads, or off to sign in and back. */
export async function requireCommunityReader(request: Request): Promise<CommunityReader> {
  return readerOf(request, await communityViewer(request));
}

/** The reader for a viewer already read from the session (read once per request), or off to sign in. */
async function readerOf(request: Request, viewer: CommunityViewer): Promise<CommunityReader> {
  if (!mayReadCommunity(viewer)) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (viewer.kind === "staff") {
    const moderator = can(viewer.user.role, "moderate:community:any");
    return { viewer, memberId: viewer.member?.id ?? null, staff: true, moderator, segment: null, language: viewer.language };
  }
  return {
    viewer,
    memberId: viewer.member?.id ?? null,
    staff: false,
    moderator: false,
    segment: findAccountSegment(viewer.contact.accountId),
    language: await resolveLanguage(request, viewer.contact.locale),
  };
}

/**
 * Whether the reader must accept the guidelines before posting (staff accept by running the
 * community): a customer who never accepted, or accepted before the admin asked everyone again.
 */
export function needsGuidelines(reader: CommunityReader): boolean {
  return reader.viewer.kind === "contact" && memberMustAcceptGuidelines(reader.viewer.member);
}

/** The same rule for a customer's member row (null: none yet, so not accepted). */
export function memberMustAcceptGuidelines(member: Pick<CommunityMember, "guidelinesAcceptedAt"> | null): boolean {
  return mustAcceptGuidelines(member?.guidelinesAcceptedAt ?? null, getSetting("community").guidelinesUpdatedAt);
}

/** Where a member who has not accepted the guidelines goes before posting, and back. */
export function guidelinesRedirect(backTo: string) {
  return redirect(`/community/welcome?redirectTo=${encodeURIComponent(backTo)}`, 303);
}
