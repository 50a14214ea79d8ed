import { sendAdminDigest } from "../services/admin-digest.server";
import { postSlackDetractorAlert, postSlackTestMessage } from "../services/slack-alerts.server";
import { adminDigestJob, slackDetractorJob, slackTestJob } from "./job-types.server";

slackDetractorJob.handle(async ({ responseId }) => {
  await postSlackDetractorAlert(responseId);
});

slackTestJob.handle(async ({ requestedBy }) => {
  await postSlackTestMessage(requestedBy);
});

adminDigestJob.handle(async (slot) => {
  await sendAdminDigest(slot);
});
