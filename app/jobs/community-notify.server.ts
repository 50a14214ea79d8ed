import { alertUnansweredQuestions, sendCommunityDigests } from "../services/community-digest.server";
import { runCommunityNotifyJob } from "../services/community-notify.server";
import { communityDigestJob, communityNotifyJob, communityUnansweredJob } from "./job-types.server";

communityNotifyJob.handle(async (payload) => {
  await runCommunityNotifyJob(payload);
});

communityDigestJob.handle(async (slot) => {
  await sendCommunityDigests(slot);
});

communityUnansweredJob.handle(async () => {
  await alertUnansweredQuestions();
});
