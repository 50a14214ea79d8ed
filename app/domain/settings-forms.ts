import { z } from "zod";
import { fieldMessage } from "./field-message";
import { isCalendarDate } from "./rows";
import { minorDigits, parseMajorAmount, type SegmentThresholds } from "./segments";

/*
 * The settings pages' form schemas (one per section), shared by each page's browser check and
 * its action. The services check the stored shape again (models/settings.server SETTINGS).
 */

export function isIsoCurrency(code: string): boolean {
  return Intl.supportedValuesOf("currency").includes(code);
}

function amountMessage(currency: string) {
  return fieldMessage(minorDigits(currency) === 0 ? "settingsAmountWhole" : "settingsAmountDecimal");
}

/** Thresholds are typed in major units (what people say: "¥3,000,000") and stored in minor units. */
export const SegmentThresholdsForm = z
  .object({
    rows: z
      .array(
        z.object({
          currency: z.string().trim().toUpperCase().optional(),
          high: z.string().trim().max(30).optional(),
          low: z.string().trim().max(30).optional(),
          remove: z.literal("on").optional(),
        }),
      )
      .max(50, fieldMessage("settingsTooManyCurrencies", { max: 50 }))
      .default([]),
  })
  .transform(({ rows }, ctx) => {
    const thresholds: SegmentThresholds = {};
    rows.forEach((row, index) => {
      if (row.remove || (!row.currency && !row.high && !row.low)) return;
      const path = (field: string) => ["rows", index, field];
      const currency = row.currency ?? "";
      if (!/^[A-Z]{3}$/.test(currency) || !isIsoCurrency(currency)) {
        ctx.addIssue({ code: "custom", path: path("currency"), message: fieldMessage("settingsCurrencyCode") });
        return;
      }
      if (thresholds[currency]) {
        ctx.addIssue({ code: "custom", path: path("currency"), message: fieldMessage("settingsCurrencyTwice", { currency }) });
        return;
      }
      const high = row.high ? parseMajorAmount(row.high, currency) : null;
      const low = row.low ? parseMajorAmount(row.low, currency) : null;
      if (high === null) ctx.addIssue({ code: "custom", path: path("high"), message: amountMessage(currency) });
      if (low === null) ctx.addIssue({ code: "custom", path: path("low"), message: amountMessage(currency) });
      if (high !== null && low !== null && high <= low) {
        ctx.addIssue({ code: "custom", path: path("high"), message: fieldMessage("settingsHighAboveLow") });
      }
      if (high !== null && low !== null) thresholds[currency] = { high, low };
    });
    return thresholds;
  });

/** Tech-touch case thresholds: one amount per currency, typed in major units like the segment thresholds. */
const TechRow = z.object({
  currency: z.string().trim().toUpperCase().optional(),
  amount: z.string().trim().max(30).optional(),
  remove: z.literal("on").optional(),
});

export const CloseTheLoopForm = z
  .object({
    slaBusinessDays: z.string().trim().max(10).optional(),
    timeZone: z.string().trim().max(100).optional(),
    holidays: z
      .string()
      .max(5000, fieldMessage("settingsHolidaysTooLong", { max: "5,000" }))
      .optional(),
    /** A checkbox: present ("on") when Japan's public holidays count as days off. */
    japanHolidays: z.literal("on").optional(),
    tech: z
      .array(TechRow)
      .max(50, fieldMessage("settingsTooManyCurrencies", { max: 50 }))
      .default([]),
  })
  .transform((form, ctx) => {
    const sla = Number(form.slaBusinessDays ?? "");
    if (!/^\d+$/.test(form.slaBusinessDays ?? "") || sla < 1 || sla > 30) {
      ctx.addIssue({ code: "custom", path: ["slaBusinessDays"], message: fieldMessage("settingsSlaDays", { min: 1, max: 30 }) });
    }
    const timeZone = form.timeZone ?? "";
    if (!isTimeZone(timeZone)) ctx.addIssue({ code: "custom", path: ["timeZone"], message: fieldMessage("settingsTimeZone") });

    const holidays: string[] = [];
    (form.holidays ?? "").split(/\r?\n/).forEach((line, index) => {
      const day = line.trim();
      if (!day) return;
      if (!isCalendarDate(day))
        ctx.addIssue({ code: "custom", path: ["holidays"], message: fieldMessage("settingsHolidayLine", { line: index + 1, text: day.slice(0, 20) }) });
      else holidays.push(day);
    });
    if (new Set(holidays).size > 100) ctx.addIssue({ code: "custom", path: ["holidays"], message: fieldMessage("settingsHolidaysTooMany", { max: 100 }) });

    const techTouchCaseThresholds: Record<string, number> = {};
    form.tech.forEach((row, index) => {
      if (row.remove || (!row.currency && !row.amount)) return;
      const path = (field: string) => ["tech", index, field];
      const currency = row.currency ?? "";
      if (!/^[A-Z]{3}$/.test(currency) || !isIsoCurrency(currency)) {
        ctx.addIssue({ code: "custom", path: path("currency"), message: fieldMessage("settingsCurrencyCode") });
        return;
      }
      if (techTouchCaseThresholds[currency] !== undefined) {
        ctx.addIssue({ code: "custom", path: path("currency"), message: fieldMessage("settingsCurrencyTwice", { currency }) });
        return;
      }
      const amount = row.amount ? parseMajorAmount(row.amount, currency) : null;
      if (amount === null) ctx.addIssue({ code: "custom", path: path("amount"), message: amountMessage(currency) });
      else techTouchCaseThresholds[currency] = amount;
    });
    return { slaBusinessDays: sla, timeZone, holidays, japanHolidays: form.japanHolidays === "on", techTouchCaseThresholds };
  });

export const SLACK_PREFIX = "https://hooks.slack.com/";

export const AlertsForm = z.object({
  slackWebhookUrl: z
    .string({ error: fieldMessage("settingsSlackMissing") })
    .trim()
    .min(1, fieldMessage("settingsSlackMissing"))
    .max(500, fieldMessage("settingsSlackTooLong"))
    .refine(
      (url) => {
        try {
          const parsed = new URL(url);
          return url.startsWith(SLACK_PREFIX) && parsed.protocol === "https:" && parsed.host === "hooks.slack.com" && parsed.pathname.length > 1;
        } catch {
          return false;
        }
      },
      fieldMessage("settingsSlackUrl", { prefix: SLACK_PREFIX }),
    ),
});

/** The language Slack posts are written in (the channel's, so one for the team). */
export const SlackLanguageForm = z.object({ slackLanguage: z.enum(["en", "ja"]) });

/** As the service allows; repeated here because the form checks it in the browser too. */
export const REVIEW_URL_MAX = 500;

/** An http(s) address a customer can open: no other scheme (javascript:, ftp:), no user:password@. */
function isWebAddress(url: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "https:" || parsed.protocol === "http:") && parsed.hostname !== "" && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/** Empty means no review link: the "Ask for a review" action is then unavailable. */
export const PromoterForm = z.object({
  reviewUrl: z
    .string()
    .trim()
    .max(REVIEW_URL_MAX, fieldMessage("settingsReviewUrlTooLong", { max: REVIEW_URL_MAX }))
    .refine((url) => url === "" || isWebAddress(url), fieldMessage("settingsReviewUrlFormat"))
    .optional()
    .transform((url) => url || null),
});

export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minor units back to what an admin typed: 2500000 USD cents → "25,000". */
export function majorText(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat("en", { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(amount / 10 ** digits);
}
