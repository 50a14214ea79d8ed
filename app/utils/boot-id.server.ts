import { randomUUID } from "node:crypto";

/**
 * This process's identity on the leases it takes (jobs, outbox batches). A process that holds
 * the install lock alone knows every lease of another boot id belongs to a process that is gone
 * (docs/decisions/023-resuming-leases-after-a-crash.md).
 */
export const BOOT_ID = randomUUID();
