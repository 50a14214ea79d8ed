import { z } from "zod";
import { RESPONSE_RECORDED_JOB, runResponsePipeline } from "../services/run-response-pipeline.server";
import { registerJobHandler } from "../utils/jobs.server";

const Payload = z.object({ responseId: z.number().int().positive() });

registerJobHandler(RESPONSE_RECORDED_JOB, async (payload) => {
  const { responseId } = Payload.parse(payload);
  await runResponsePipeline(responseId);
});
