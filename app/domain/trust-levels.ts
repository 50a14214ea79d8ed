import type { TrustLevel } from "../../db/schema/community";

/** The levels in order (the same list as the schema's `TRUST_LEVELS`; the domain imports no values from the database layer). */
export const TRUST_ORDER: readonly TrustLevel[] = ["new", "basic", "member", "regular"];

/**
 * Trust levels in Discourse's sense: a new member earns more room as they take part well. This
 * community does not track days visited or posts read, so the signals are what it does keep:
 * days since joining, posts written (topics and replies), likes received, accepted answers, and
 * flags against the member that a moderator agreed with. Levels are recomputed, so they can also
 * fall: a member whose posts keep being hidden loses the room they had earned.
 */
export type TrustActivity = {
  daysSinceJoined: number;
  postsWritten: number;
  likesReceived: number;
  acceptedAnswers: number;
  /** Flags against the member's posts that a moderator agreed with, in the last 90 days. */
  agreedFlagsAgainst: number;
};

/** What each level asks for (all of it, except where `or` says otherwise). */
export const TRUST_REQUIREMENTS = {
  basic: { daysSinceJoined: 1, postsWritten: 1 },
  member: { daysSinceJoined: 14, postsWritten: 10, likesReceived: 5, maxAgreedFlags: 2 },
  // A regular either helps (accepted answers) or is liked a lot; and has no recent agreed flag.
  regular: { daysSinceJoined: 60, postsWritten: 50, likesReceived: 20, acceptedAnswers: 3, orLikesReceived: 50, maxAgreedFlags: 0 },
} as const;

/** Agreed flags past which a member falls back to `new`, however long they have been here. */
export const FLAGS_BACK_TO_NEW = 5;

export type TrustRequirement = { level: Exclude<TrustLevel, "new">; missing: (keyof TrustActivity)[] };

function missingFor(level: Exclude<TrustLevel, "new">, a: TrustActivity): (keyof TrustActivity)[] {
  const missing: (keyof TrustActivity)[] = [];
  if (level === "basic") {
    const r = TRUST_REQUIREMENTS.basic;
    if (a.daysSinceJoined < r.daysSinceJoined) missing.push("daysSinceJoined");
    if (a.postsWritten < r.postsWritten) missing.push("postsWritten");
    return missing;
  }
  if (level === "member") {
    const r = TRUST_REQUIREMENTS.member;
    if (a.daysSinceJoined < r.daysSinceJoined) missing.push("daysSinceJoined");
    if (a.postsWritten < r.postsWritten) missing.push("postsWritten");
    if (a.likesReceived < r.likesReceived) missing.push("likesReceived");
    if (a.agreedFlagsAgainst > r.maxAgreedFlags) missing.push("agreedFlagsAgainst");
    return missing;
  }
  const r = TRUST_REQUIREMENTS.regular;
  if (a.daysSinceJoined < r.daysSinceJoined) missing.push("daysSinceJoined");
  if (a.postsWritten < r.postsWritten) missing.push("postsWritten");
  if (a.likesReceived < r.likesReceived) missing.push("likesReceived");
  if (a.acceptedAnswers < r.acceptedAnswers && a.likesReceived < r.orLikesReceived) missing.push("acceptedAnswers");
  if (a.agreedFlagsAgainst > r.maxAgreedFlags) missing.push("agreedFlagsAgainst");
  return missing;
}

/**
 * The level a member's activity earns, and what the next level still needs (null at the top), so
 * a moderator can read why a member is where they are.
 */
export function trustLevelFor(activity: TrustActivity): { level: TrustLevel; next: TrustRequirement | null } {
  if (activity.agreedFlagsAgainst >= FLAGS_BACK_TO_NEW) return { level: "new", next: { level: "basic", missing: ["agreedFlagsAgainst"] } };
  let level: TrustLevel = "new";
  // Levels are climbed in order: a member skips none.
  for (const candidate of ["basic", "member", "regular"] as const) {
    const missing = missingFor(candidate, activity);
    if (missing.length > 0) return { level, next: { level: candidate, missing } };
    level = candidate;
  }
  return { level, next: null };
}

export function trustRank(level: TrustLevel): number {
  return TRUST_ORDER.indexOf(level);
}

export const DAY_MS = 24 * 3600_000;

export function daysBetween(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / DAY_MS));
}
