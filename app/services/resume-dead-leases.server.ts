import { expireOutboxLeasesOfBoot, expireOutboxLeasesOfOtherBoots } from "../models/outbox.server";
import { BOOT_ID } from "../utils/boot-id.server";
import { expireJobLeasesOfBoot, expireJobLeasesOfOtherBoots } from "../utils/jobs.server";

export type ResumedLeases = { jobs: number; emails: number };

/**
 * After a crash (kill -9, power loss) the jobs and email batches the dead process had claimed
 * stay leased for two minutes. A process that holds the install lock alone knows their owner is
 * gone: their leases expire now, and the worker it starts picks them up on its first pass (an
 * email batch is resent whole, under the same idempotency key, as after a lease timeout).
 * Call only from joinInstall's `whileAlone`.
 */
export function resumeLeasesOfDeadProcesses(): ResumedLeases {
  return { jobs: expireJobLeasesOfOtherBoots(BOOT_ID), emails: expireOutboxLeasesOfOtherBoots(BOOT_ID) };
}

/**
 * At shutdown, once the worker has stopped: anything this process still holds (a step that
 * failed halfway) is let go now instead of when its lease would run out, so the next process
 * (or the other worker) resumes it at once.
 */
export function releaseOwnLeases(): ResumedLeases {
  return { jobs: expireJobLeasesOfBoot(BOOT_ID), emails: expireOutboxLeasesOfBoot(BOOT_ID) };
}
