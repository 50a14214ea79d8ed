import { enrolsOnStart, pickGuide } from "../domain/guides";
import { todayIso } from "../domain/rows";
import { DAY_MS } from "../domain/days";
import { publishedAssignments } from "../models/guide.server";
import { insertEnrolment, unenrolledAccountsStartedFrom } from "../models/guide-progress.server";
import { getSetting } from "../models/settings.server";
import { transaction } from "../utils/db.server";

/**
 * Who joins a guide when (decision 052): an account whose start date has been reached — created or
 * imported with it, or the date arriving — is enrolled in the guide its assignment picks (segment,
 * stage, and its contacts' languages when the guide names locales), `enrolledBy: "start"`, nudges
 * on. Only accounts whose start date is at most `guides.enrolWithinDays` days old: a customer of
 * years imported today is never enrolled automatically (an admin does that). An account already
 * enrolled is never enrolled again (one enrolment per account, `ON CONFLICT DO NOTHING`). Contacts
 * added later to an enrolled account simply take part: the checklist is the account's.
 *
 * Run by the worker's housekeeping every minute: one indexed read of the accounts started inside
 * the window and not enrolled, so a new account is in its guide within a minute, and an account
 * imported with a future start date joins on that date.
 */
export function enrolStartedAccounts(now = Date.now()): number {
  const days = getSetting("guides").enrolWithinDays;
  const today = todayIso(new Date(now));
  const fromDate = todayIso(new Date(Date.parse(`${today}T00:00:00Z`) - days * DAY_MS));
  return transaction((tx) => {
    const candidates = publishedAssignments(tx);
    if (candidates.length === 0) return 0;
    let enrolled = 0;
    for (const account of unenrolledAccountsStartedFrom(fromDate, tx, today)) {
      if (!enrolsOnStart(account.startDate, today, days)) continue;
      const guide = pickGuide(candidates, account);
      if (!guide) continue;
      if (
        insertEnrolment(
          { accountId: account.id, guideId: guide.id, versionId: guide.versionId, startedAt: account.startDate, nudges: true, enrolledBy: "start" },
          now,
          tx,
        )
      ) {
        enrolled++;
      }
    }
    return enrolled;
  });
}
