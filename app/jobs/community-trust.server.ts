import { refreshTrustLevelsBatch, trustLevelsJob } from "../services/community-trust.server";

// The nightly trust-level walk, a batch of members per run.
trustLevelsJob.handle((payload) => {
  refreshTrustLevelsBatch(payload);
});
