import type { Db } from "../../db/client";
import { advocacyListener } from "./advocacy.server";
import { communityNotificationsListener } from "./community-notify.server";
import { reputationListener } from "./community-reputation.server";
import { communitySearchListener } from "./community-search.server";

/**
 * What happened in the community, told to whoever listens (notifications, search, moderation
 * rules, badges) inside the same transaction as the write, so a listener that queues a job queues
 * it atomically with the post. Listeners must be quick: slow work goes to a job.
 */
export type CommunityEvent =
  | { kind: "topicStarted"; topicId: number; postId: number; memberId: number; categoryId: number }
  | { kind: "replied"; topicId: number; postId: number; memberId: number; replyToPostId: number | null }
  | { kind: "postEdited"; topicId: number; postId: number; memberId: number }
  | { kind: "postDeleted"; topicId: number; postId: number; memberId: number; topicDeleted: boolean }
  | { kind: "liked"; topicId: number; postId: number; memberId: number; authorId: number }
  | { kind: "unliked"; topicId: number; postId: number; memberId: number; authorId: number }
  | { kind: "answerAccepted"; topicId: number; postId: number; memberId: number; answererId: number }
  | { kind: "answerUnaccepted"; topicId: number; postId: number; memberId: number; answererId: number };

export type CommunityListener = (tx: Db, event: CommunityEvent) => void;
type Listener = CommunityListener;

/**
 * The areas that always react (each imports only the event type from here, so there is no cycle):
 * one line per area. Further listeners (tests) register with `onCommunityEvent`.
 */
const AREAS: readonly Listener[] = [
  communitySearchListener,
  reputationListener,
  communityNotificationsListener,
  // stories: accepted answers and likes received on the advocacy timeline
  advocacyListener,
];
const listeners: Listener[] = [];

/** Registers a listener for every community event; returns a function that removes it. */
export function onCommunityEvent(listener: Listener): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}

/** Called by the community services inside their transaction, after their own writes. */
export function emitCommunityEvent(tx: Db, event: CommunityEvent): void {
  for (const listener of AREAS) listener(tx, event);
  for (const listener of listeners) listener(tx, event);
}
