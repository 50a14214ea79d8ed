import { runCommunityNotifyJob } from "../services/community-notify.server";
import { communityNotifyJob } from "./job-types.server";

communityNotifyJob.handle(async (payload) => {
  await runCommunityNotifyJob(payload);
});
