import { redirect } from "@remix-run/node";
import type { Segment } from "../domain/segments";
import type { Language } from "../locales";
import { findAccountSegment } from "../models/community-profile.server";
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
  segment: Segment | null;
  language: Language;
};

/**
 * The one read check of the community: members only (signed-in contacts and staff). An
 * "everyone may read" setting extends this function, and only this one.
 */
export function mayReadCommunity(viewer: CommunityViewer): viewer is CommunityReader["viewer"] {
  return viewer.kind !== "anonymous";
}

/** The first line of every community loader and action: who reads, or off to sign in and back. */
export async function requireCommunityReader(request: Request): Promise<CommunityReader> {
  const viewer = await communityViewer(request);
  if (!mayReadCommunity(viewer)) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (viewer.kind === "staff") return { viewer, memberId: viewer.member?.id ?? null, staff: true, segment: null, language: viewer.language };
  return {
    viewer,
    memberId: viewer.member?.id ?? null,
    staff: false,
    segment: findAccountSegment(viewer.contact.accountId),
    language: await resolveLanguage(request, viewer.contact.locale),
  };
}

/** Whether the reader must accept the guidelines before posting (staff accept by running the community). */
export function needsGuidelines(reader: CommunityReader): boolean {
  return reader.viewer.kind === "contact" && !reader.viewer.member?.guidelinesAcceptedAt;
}

/** Where a member who has not accepted the guidelines goes before posting, and back. */
export function guidelinesRedirect(backTo: string) {
  return redirect(`/community/welcome?redirectTo=${encodeURIComponent(backTo)}`, 303);
}
