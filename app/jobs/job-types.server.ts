import { z } from "zod";
import { defineJob } from "../utils/jobs.server";

/*
 * Every background job type, each defined once: its name, its payload and its unique key. The
 * services that queue a job and the handlers in app/jobs that run it both use these.
 */

/** Writes a wave's invitations from `afterContactId` on, for one drip day. */
export const fanOutJob = defineJob(
  "campaign.fan-out",
  z.object({ campaignId: z.number().int().positive(), day: z.number().int().min(0), afterContactId: z.number().int().min(0) }),
  (payload) => `campaign:${payload.campaignId}:fan-out:${payload.day}:${payload.afterContactId}`,
);
export type FanOutPayload = ReturnType<typeof fanOutJob.parse>;

/** Sends a wave's due reminders; a run that runs out of time hands over after its last invitation. */
export const reminderJob = defineJob(
  "campaign.reminders",
  z.object({ campaignId: z.number().int().positive(), afterInvitationId: z.number().int().positive().optional() }),
  (payload, runAt) => `campaign:${payload.campaignId}:reminders:${runAt}${payload.afterInvitationId ? `:${payload.afterInvitationId}` : ""}`,
);
export type ReminderPayload = ReturnType<typeof reminderJob.parse>;

/** Runs the response pipeline (alerts, scores, tags) for a recorded answer. */
export const responseRecordedJob = defineJob("nps.response-recorded", z.object({ responseId: z.number().int().positive() }));

/** One Slack alert per detractor response, however often the pipeline runs for it. */
export const slackDetractorJob = defineJob(
  "alerts.slack-detractor",
  z.object({ responseId: z.number().int().positive() }),
  (payload) => `alerts.slack-detractor:${payload.responseId}`,
);

/** The settings page's "send a test message". */
export const slackTestJob = defineJob("alerts.slack-test", z.object({ requestedBy: z.string().min(1).max(200) }));

/** One admin digest per team-local day. */
export const adminDigestJob = defineJob(
  "alerts.admin-digest",
  z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), at: z.number().int() }),
  (payload) => `alerts.admin-digest:${payload.day}`,
);

/** A walk applying the tag rules to existing responses, by id range. */
export const tagRulesBackfillJob = defineJob(
  "tags.apply-rules",
  z.object({
    /** When the rules changed; a later change starts a new walk and this one stops. */
    since: z.number().int().nonnegative(),
    afterId: z.number().int().nonnegative(),
    upToId: z.number().int().nonnegative(),
    totals: z.object({ added: z.number().int(), removed: z.number().int() }).default({ added: 0, removed: 0 }),
  }),
  (payload) => `tags:apply-rules:${payload.since}:${payload.afterId}`,
);
export type TagRulesBackfillPayload = ReturnType<typeof tagRulesBackfillJob.parse>;

/** Renders again, from their Markdown, the posts an older renderer wrote (docs/decisions/033). */
export const communityRerenderJob = defineJob("community.rerender", z.object({ version: z.number().int().positive() }));
/**
 * The in-app notifications (and instant emails) of one community event: a post made visible, a
 * like, an accepted answer. One job per event, queued in the event's transaction; the fan-out
 * to watchers runs here, so posting never waits on it.
 */
export const communityNotifyJob = defineJob(
  "community.notify",
  z.object({
    event: z.enum(["post", "like", "accepted", "mentionsAdded"]),
    postId: z.number().int().positive(),
    /** Who acted: the post's author, the liker, the member who accepted, the editor. */
    actorId: z.number().int().positive(),
    /** `mentionsAdded`: the edit (its revision) and the members it newly mentions. */
    revisionId: z.number().int().positive().optional(),
    memberIds: z.array(z.number().int().positive()).max(50).optional(),
  }),
  (payload) =>
    payload.event === "mentionsAdded"
      ? `community.notify:mentionsAdded:${payload.postId}:${payload.revisionId}`
      : `community.notify:${payload.event}:${payload.postId}:${payload.actorId}`,
);
export type CommunityNotifyPayload = ReturnType<typeof communityNotifyJob.parse>;

/** One community digest run (members' daily summaries, CSMs' account posts) per team-local day. */
export const communityDigestJob = defineJob(
  "community.digest",
  z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), at: z.number().int() }),
  (payload) => `community.digest:${payload.day}`,
);

/** A sweep for questions from CSM-owned accounts left unanswered past the setting; one per quarter hour. */
export const communityUnansweredJob = defineJob(
  "community.unanswered-questions",
  z.object({ at: z.number().int() }),
  (payload) => `community.unanswered-questions:${payload.at}`,
);

/** One nightly backup into BACKUP_DIR per team-local day (docs/decisions/042). */
export const backupJob = defineJob(
  "backup.nightly",
  z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), at: z.number().int() }),
  (payload) => `backup.nightly:${payload.day}`,
);

/**
 * Evaluates an account's onboarding steps after a batch of its usage events was recorded. No
 * unique key: two batches in the same millisecond must both be evaluated, and a repeated run
 * changes nothing (completions are only added).
 */
export const onboardingAdvanceJob = defineJob("onboarding.advance", z.object({ accountId: z.number().int().positive() }));

/** The stall check and the nudges, once per quarter hour (a unique key per quarter). */
export const onboardingCheckJob = defineJob("onboarding.check", z.object({ at: z.number().int() }), (payload) => `onboarding.check:${payload.at}`);

/** The notifications of one idea status change to its voters, requesters and author (one job per change). */
export const ideaNotifyJob = defineJob("ideas.notify", z.object({ changeId: z.number().int().positive() }), (payload) => `ideas.notify:${payload.changeId}`);
export type IdeaNotifyPayload = ReturnType<typeof ideaNotifyJob.parse>;

// meetups: user-group events

/** One registration's notice (confirmed, waitlisted, promoted) for the state it entered at `at`. */
export const meetupNoticeJob = defineJob(
  "meetup.notice",
  z.object({ registrationId: z.number().int().positive(), notice: z.enum(["confirmed", "waitlisted", "promoted"]), at: z.number().int() }),
  (payload) => `meetup-notice:${payload.registrationId}:${payload.notice}:${payload.at}`,
);
export type MeetupNoticePayload = ReturnType<typeof meetupNoticeJob.parse>;

/** A meetup's reminder (a day or an hour before) or its survey, to every confirmed registration; keyed by when it is due, so a moved meetup queues new ones. */
export const meetupReminderJob = defineJob(
  "meetup.reminder",
  z.object({ meetupId: z.number().int().positive(), kind: z.enum(["day", "hour", "survey"]) }),
  (payload, runAt) => `meetup-reminder:${payload.meetupId}:${payload.kind}:${runAt}`,
);
export type MeetupReminderPayload = ReturnType<typeof meetupReminderJob.parse>;
