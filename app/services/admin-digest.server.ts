import type { Db } from "../../db/client";
import { buildAdminDigest, digestHasNews, digestNpsWeeks, DIGEST_TOP } from "../domain/admin-digest";
import { digestSlotOn, dueDigestSlot, previousDigestSlot, type DigestSlot } from "../domain/digest-schedule";
import { createFormatter } from "../domain/format";
import { staffEmailLanguage } from "../domain/staff-language";
import type { Language } from "../locales";
import { adminDigestSent, listActiveAdmins, listNewDetractors, listOverdueCases, scoreCountsBetween } from "../models/admin-digest.server";
import { audit } from "../models/audit.server";
import { readBackupStatus } from "../models/backup.server";
import { backupHealth } from "../domain/backups";
import { getSetting, teamTimeZone } from "../models/settings.server";
import { transaction } from "../utils/db.server";
import { enqueueEmail, renderEmail } from "../utils/email.server";
import { env } from "../utils/env.server";
import { adminDigestJob } from "../jobs/job-types.server";

export const ADMIN_DIGEST_JOB = adminDigestJob.type;
export const ADMIN_DIGEST_AUDIT = "alerts.admin_digest_sent";

/**
 * Called by the worker's housekeeping (every minute, in every worker): once today's 08:00 in the
 * team's zone has passed, queues today's digest job under a key built from the local date. The
 * jobs table's unique index on that key makes the insert a no-op for every later call, from this
 * worker, another one, or after a restart, so a day gets exactly one job. Returns the slot and
 * job id when today's digest is (or already was) queued, null before 08:00.
 */
export function scheduleAdminDigest(now = Date.now()): (DigestSlot & { jobId: number }) | null {
  const slot = dueDigestSlot(now, teamTimeZone());
  if (!slot) return null;
  const jobId = transaction((tx) => adminDigestJob.enqueue(tx, slot, {}, now));
  return { ...slot, jobId };
}

/**
 * A digest run by hand (`cli digest`): what the 08:00 digest would say if it ran at `at`, i.e.
 * the news since the previous day's 08:00 up to `at`. Sent after that day's 08:00, it counts as
 * the day's digest: the scheduled one does not follow it (`alreadySent` looks from the slot on).
 */
export function sendAdminDigestAt(at: number): Promise<AdminDigestOutcome> {
  return sendAdminDigest({ day: digestSlotOn(at, teamTimeZone()).day, at });
}

const alreadySent = (slot: DigestSlot, conn?: Db) => adminDigestSent(ADMIN_DIGEST_AUDIT, slot.day, slot.at, conn);

export type AdminDigestOutcome = { sent: number; reason?: "already-sent" | "nothing-to-report" | "no-admins" };

/**
 * The job: gathers the digest for the slot and queues one email per active admin. The emails and
 * the "sent" marker commit in one transaction, so a job re-run after a crash sends nothing twice.
 * Windows end at the slot's time, not when the job happens to run, so consecutive days neither
 * overlap nor leave a gap.
 */
export async function sendAdminDigest(slot: DigestSlot): Promise<AdminDigestOutcome> {
  if (alreadySent(slot)) return { sent: 0, reason: "already-sent" };
  const admins = listActiveAdmins();
  if (admins.length === 0) return { sent: 0, reason: "no-admins" };
  // The team's days: the weeks end with its yesterday, new detractors are those since yesterday's digest time.
  const weeks = digestNpsWeeks(slot.day);
  const since = previousDigestSlot(slot, teamTimeZone()).at;
  const overdue = listOverdueCases(slot.at, DIGEST_TOP);
  const appUrl = env().APP_URL;
  const input = {
    day: slot.day,
    at: slot.at,
    appUrl,
    reportingCurrency: getSetting("currency").reportingCurrency,
    detractors: listNewDetractors(since, slot.at),
    overdueCases: overdue.top,
    overdueCount: overdue.count,
    currentWeek: scoreCountsBetween(weeks.current.from, weeks.current.to),
    previousWeek: scoreCountsBetween(weeks.previous.from, weeks.previous.to),
    backup: env().BACKUP_DIR ? backupHealth(readBackupStatus(), Math.max(slot.at, Date.now())) : null,
  };
  const digest = buildAdminDigest(input);
  if (!digestHasNews(digest)) return { sent: 0, reason: "nothing-to-report" };

  // Each admin reads it in their own language (the team's when they never chose one).
  const zone = teamTimeZone();
  const digests = new Map<Language, typeof digest>();
  const digestIn = (language: Language) => {
    if (!digests.has(language)) digests.set(language, buildAdminDigest({ ...input, language }));
    return digests.get(language)!;
  };
  // The day in the reader's style: 2026年12月7日 in Japanese; English keeps the ISO date it always had.
  const dayText = (language: Language) => (language === "ja" ? createFormatter(language).day(slot.day) : slot.day);
  // Rendering is async, so it happens before the transaction; the marker is checked again inside it.
  const emails = await Promise.all(
    admins.map(async (admin) => {
      const language = staffEmailLanguage(admin.locale, zone);
      const props = { ...digestIn(language), day: dayText(language), adminName: admin.name, consoleUrl: `${appUrl}/cs` };
      return { admin, language, rendered: await renderEmail("admin-digest", props, language) };
    }),
  );
  return transaction((tx) => {
    if (alreadySent(slot, tx)) return { sent: 0, reason: "already-sent" as const };
    const outboxIds = emails.map(({ admin, language, rendered }) =>
      enqueueEmail(tx, {
        template: "admin-digest",
        to: admin.email,
        locale: language,
        ...rendered,
        tags: [
          { name: "kind", value: "admin-digest" },
          { name: "day", value: slot.day },
        ],
      }),
    );
    audit(
      {
        action: ADMIN_DIGEST_AUDIT,
        entity: "digest",
        entityId: slot.day,
        detail: { recipients: admins.length, outboxIds, newDetractors: digest.newDetractors.count, overdueCases: digest.overdueCases.count },
      },
      tx,
    );
    return { sent: outboxIds.length };
  });
}
