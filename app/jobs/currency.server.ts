import { parseRefreshPayload, refreshReportingAmounts, REPORTING_REFRESH_JOB } from "../services/currency-settings.server";
import { transaction } from "../utils/db.server";
import { registerJobHandler } from "../utils/jobs.server";

// A dated rate comes into force at the start of its day: re-convert then.
registerJobHandler(REPORTING_REFRESH_JOB, (payload) => {
  parseRefreshPayload(payload);
  transaction((tx) => refreshReportingAmounts(tx));
});
