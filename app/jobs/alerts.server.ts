import { z } from "zod";
import { ADMIN_DIGEST_JOB, sendAdminDigest } from "../services/admin-digest.server";
import { postSlackDetractorAlert, postSlackTestMessage, SLACK_DETRACTOR_JOB, SLACK_TEST_JOB } from "../services/slack-alerts.server";
import { registerJobHandler } from "../utils/jobs.server";

const SlackDetractorPayload = z.object({ responseId: z.number().int().positive() });
const SlackTestPayload = z.object({ requestedBy: z.string().min(1).max(200) });
const DigestPayload = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), at: z.number().int() });

registerJobHandler(SLACK_DETRACTOR_JOB, async (payload) => {
  await postSlackDetractorAlert(SlackDetractorPayload.parse(payload).responseId);
});

registerJobHandler(SLACK_TEST_JOB, async (payload) => {
  await postSlackTestMessage(SlackTestPayload.parse(payload).requestedBy);
});

registerJobHandler(ADMIN_DIGEST_JOB, async (payload) => {
  await sendAdminDigest(DigestPayload.parse(payload));
});
