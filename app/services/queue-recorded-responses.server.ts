import { lte } from "drizzle-orm";
import { responseEvents } from "../../db/schema";
import { transaction } from "../utils/db.server";
import { responseRecordedJob } from "../jobs/job-types.server";

// Small enough that one batch holds the web process for a couple of milliseconds (the worker shares it with answers).
const BATCH = 100;

/**
 * Hands recorded answers to the response pipeline: moves rows of the `response_events` inbox
 * (appended by the answer transaction, which stays one cheap insert) into pipeline jobs, which
 * bring leases, retries and dead letters. One transaction per batch, so an event becomes a job
 * exactly once. Returns how many moved.
 */
export function queueRecordedResponses(now = Date.now(), limit = BATCH): number {
  return transaction((tx) => {
    const events = tx.select().from(responseEvents).orderBy(responseEvents.id).limit(limit).all();
    if (events.length === 0) return 0;
    for (const event of events) responseRecordedJob.enqueue(tx, { responseId: event.responseId }, {}, now);
    // Writers are serialised, so no event can appear below the last one read while this runs.
    tx.delete(responseEvents)
      .where(lte(responseEvents.id, events.at(-1)!.id))
      .run();
    return events.length;
  });
}
