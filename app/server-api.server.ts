/**
 * What the Node entries (server/index.ts, server/worker.ts) take from the Remix server build.
 * They reach the app only through the build, so a process holds one copy of every app module:
 * one database connection, one worker, one in-memory answer rate limiter shared by the answer
 * fast path and the survey route it falls back to.
 */
export { boot } from "./boot.server";
export { recordNpsResponse } from "./services/record-nps-response.server";
export { SURVEY_PAGE_HEADERS } from "./services/survey-page.server";
export { requestBodyLimit } from "./utils/body.server";
export { refuseForeignOrigin } from "./utils/origin-guard.server";
export { log } from "./utils/log.server";
export { logRequest, requestIdFor, routePatterns } from "./utils/request-log.server";
export { markShuttingDown } from "./services/readiness.server";
export { releaseOwnLeases } from "./services/resume-dead-leases.server";
export { closeDb } from "./utils/db.server";
