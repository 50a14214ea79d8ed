/**
 * Every background job handler, registered by importing its module here. The worker imports
 * this file, so a job type is known in whichever process runs the worker.
 */
import "./jobs/aggregate-days-rekey.server";
import "./jobs/alerts.server";
import "./jobs/backup.server";
import "./jobs/campaigns.server";
import "./jobs/community-rerender.server";
import "./jobs/community-trust.server";
import "./jobs/community-notify.server";
import "./jobs/currency.server";
import "./jobs/onboarding.server";
import "./jobs/meetups.server";
import "./jobs/response-pipeline.server";
import "./jobs/tag-rules-backfill.server";

export {};
