/**
 * What the daily admin digest says, from the rows the models read: the new detractors that put
 * the most money at stake, the follow-up cases most overdue, and how NPS moved week on week.
 * Pure, so the ranking and wording rules are tested without a database.
 */
import { contactLabel } from "./contact-rows";
import { shiftDay } from "./zone-days";
import { compareNps, summarizeNps, type ScoreCounts } from "./nps-stats";
import { formatWithReporting, stakeKey } from "./money";
import type { Segment } from "./segments";
import { DAY_MS } from "./days";
import { createFormatter } from "./format";
import type { Language } from "../locales";
import type { BackupHealth } from "./backups";

/** How many entries each list shows; the counts above them say how many there are in all. */
export const DIGEST_TOP = 10;
const EXCERPT_CHARS = 160;

export type DigestDetractorRow = {
  responseId: number;
  score: number;
  comment: string | null;
  /** When the answer was last given (first answer or a change). */
  answeredAt: number;
  contactName: string | null;
  contactEmail: string;
  accountId: number;
  accountName: string;
  segment: Segment;
  acvAmount: number;
  acvCurrency: string;
  /** ACV in the reporting currency (minor units); null when its currency has no rate in force. */
  acvReportingMinor: number | null;
  /** The response's follow-up case, when one was opened. */
  caseId: number | null;
};

export type DigestOverdueCaseRow = {
  caseId: number;
  dueAt: number;
  score: number;
  contactName: string | null;
  contactEmail: string;
  accountName: string;
  ownerName: string | null;
};

export type DigestDetractor = { score: number; who: string; accountName: string; acv: string; segment: Segment; excerpt: string | null; url: string };
export type DigestOverdueCase = { who: string; accountName: string; owner: string | null; score: number; daysOverdue: number; url: string };
export type DigestNpsWeek = { nps: number | null; margin: number | null; n: number };
export type DigestNps = { current: DigestNpsWeek; previous: DigestNpsWeek; delta: number | null; significant: boolean };

export type AdminDigest = {
  /** The team's local date the digest is for. */
  day: string;
  newDetractors: { count: number; top: DigestDetractor[] };
  overdueCases: { count: number; top: DigestOverdueCase[] };
  nps: DigestNps;
  /** How the backups into BACKUP_DIR stand; null when scheduled backups are off. */
  backup: BackupHealth | null;
};

export type AdminDigestInput = {
  day: string;
  /** The digest's time: "last 24 h" ends here and overdue days count to here. */
  at: number;
  appUrl: string;
  /** The currency `acvReportingMinor` is in. */
  reportingCurrency: string;
  /** Every detractor recorded in the 24 h before `at`. */
  detractors: readonly DigestDetractorRow[];
  /** The most overdue open cases, most overdue first, and how many there are in all. */
  overdueCases: readonly DigestOverdueCaseRow[];
  overdueCount: number;
  /** The reader's language: amounts are written in it (default English). */
  language?: Language;
  /** Score counts (0–10) for the last 7 complete UTC days and the 7 before. */
  currentWeek: ScoreCounts;
  previousWeek: ScoreCounts;
  /** The backups' state at the digest's time (null or absent when BACKUP_DIR is not set). */
  backup?: BackupHealth | null;
};

const SEGMENT_RANK: Record<Segment, number> = { high: 0, low: 1, tech: 2 };

/** The comment on one line, cut at a word where possible, with an ellipsis when cut. */
export function commentExcerpt(comment: string | null, max = EXCERPT_CHARS): string | null {
  if (!comment) return null;
  const flat = comment.replace(/\s+/g, " ").trim();
  if (!flat) return null;
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max).join("");
  const space = cut.lastIndexOf(" ");
  // Japanese has no spaces: cut at the character limit then.
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/**
 * Money at stake first, as the response list ranks it: the ACV in the reporting currency, high to
 * low, with the accounts whose currency has no rate in force after all the others (among those,
 * the segment — set per currency — still says which matter more); then the lower score, then the newest.
 */
export function rankDetractors(rows: readonly DigestDetractorRow[]): DigestDetractorRow[] {
  return [...rows].sort(
    (a, b) =>
      stakeKey(b.acvReportingMinor) - stakeKey(a.acvReportingMinor) ||
      SEGMENT_RANK[a.segment] - SEGMENT_RANK[b.segment] ||
      a.score - b.score ||
      b.answeredAt - a.answeredAt ||
      b.responseId - a.responseId,
  );
}

/** The 7 complete team days before the digest's day (its slot's local date), and the 7 before those (as `YYYY-MM-DD`, inclusive). */
export function digestNpsWeeks(digestDay: string): { current: { from: string; to: string }; previous: { from: string; to: string } } {
  const day = (offset: number) => shiftDay(digestDay, offset);
  return { current: { from: day(-7), to: day(-1) }, previous: { from: day(-14), to: day(-8) } };
}

/** "$50,000 (¥7,500,000)" in English; in Japanese "$50,000（¥7,500,000）", with a half-width yen sign. */
function acvText(row: DigestDetractorRow, reportingCurrency: string, language: Language): string {
  const money = { amount: row.acvAmount, currency: row.acvCurrency };
  if (language === "en") return formatWithReporting(money, row.acvReportingMinor, reportingCurrency, "en");
  const format = createFormatter(language);
  const original = format.money(money.amount, money.currency);
  if (money.currency === reportingCurrency && row.acvReportingMinor !== null) return original;
  return `${original}（${row.acvReportingMinor === null ? "換算レートなし" : format.money(row.acvReportingMinor, reportingCurrency)}）`;
}

export function buildAdminDigest(input: AdminDigestInput): AdminDigest {
  const top = rankDetractors(input.detractors).slice(0, DIGEST_TOP);
  const current = summarizeNps(input.currentWeek);
  const previous = summarizeNps(input.previousWeek);
  const change = compareNps(current, previous);
  const week = (s: typeof current): DigestNpsWeek => ({ nps: s.nps, margin: s.margin, n: s.n });
  return {
    day: input.day,
    newDetractors: {
      count: input.detractors.length,
      top: top.map((row) => ({
        score: row.score,
        who: contactLabel(row.contactName, row.contactEmail),
        accountName: row.accountName,
        acv: acvText(row, input.reportingCurrency, input.language ?? "en"),
        segment: row.segment,
        excerpt: commentExcerpt(row.comment),
        // The case is where the follow-up happens; without one, the account has the context.
        url: row.caseId !== null ? `${input.appUrl}/cs/cases/${row.caseId}` : `${input.appUrl}/cs/accounts/${row.accountId}`,
      })),
    },
    overdueCases: {
      count: Math.max(input.overdueCount, input.overdueCases.length),
      top: input.overdueCases.slice(0, DIGEST_TOP).map((row) => ({
        who: contactLabel(row.contactName, row.contactEmail),
        accountName: row.accountName,
        owner: row.ownerName,
        score: row.score,
        daysOverdue: Math.max(0, Math.floor((input.at - row.dueAt) / DAY_MS)),
        url: `${input.appUrl}/cs/cases/${row.caseId}`,
      })),
    },
    nps: { current: week(current), previous: week(previous), delta: change.delta, significant: change.significant },
    backup: input.backup ?? null,
  };
}

/**
 * Whether the digest is worth an email. It goes out even with no new detractors (saying so is
 * news: the admin knows the pipeline ran), but not when there is nothing at all to report:
 * no new detractors, no overdue case and no response in either week, and backups (when on) in order.
 */
export function digestHasNews(digest: AdminDigest): boolean {
  return (
    digestBackupNeedsAttention(digest) ||
    digest.newDetractors.count > 0 ||
    digest.overdueCases.count > 0 ||
    digest.nps.current.n > 0 ||
    digest.nps.previous.n > 0
  );
}

/** A failed backup, none for 36 hours, or none ever: the digest leads with it, and goes out for it alone. */
export function digestBackupNeedsAttention(digest: AdminDigest): boolean {
  return digest.backup !== null && digest.backup.state !== "ok";
}
