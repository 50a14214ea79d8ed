import { alertUnansweredQuestions, sendCommunityDigests } from "../services/community-digest.server";
import { runCommunityNotifyJob } from "../services/community-notify.server";
import { runIdeaNotifyJob } from "../services/idea-notify.server";
import { communityDigestJob, communityNotifyJob, communityUnansweredJob, ideaNotifyJob } from "./job-types.server";

communityNotifyJob.handle(async (payload) => {
  await runCommunityNotifyJob(payload);
});

communityDigestJob.handle(async (slot) => {
  await sendCommunityDigests(slot);
});

communityUnansweredJob.handle(async () => {
  await alertUnansweredQuestions();
});

ideaNotifyJob.handle(async (payload) => {
  await runIdeaNotifyJob(payload);
});
