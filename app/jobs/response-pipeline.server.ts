import { runResponsePipeline } from "../services/run-response-pipeline.server";
import { responseRecordedJob } from "./job-types.server";

responseRecordedJob.handle(async ({ responseId }) => {
  await runResponsePipeline(responseId);
});
