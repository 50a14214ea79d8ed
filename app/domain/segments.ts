/**
 * Touch model by ACV: `high` accounts get a named CSM, `low` standardized plays, `tech` is
 * automated only. Thresholds are per currency (amounts in minor units), set by an admin.
 */
export type Segment = "high" | "low" | "tech";
export type Money = { amount: number; currency: string };
export type SegmentThresholds = Record<string, { high: number; low: number }>;

/** How the console, emails and Slack name the touch models. */
export const SEGMENT_LABEL: Record<Segment, string> = { high: "High touch", low: "Low touch", tech: "Tech touch" };

/** A lifecycle stage as shown: "onboarding" → "Onboarding". */
export function stageLabel(stage: string): string {
  return stage.charAt(0).toUpperCase() + stage.slice(1);
}

export const DEFAULT_THRESHOLDS: SegmentThresholds = {
  JPY: { high: 3_000_000, low: 600_000 },
  USD: { high: 25_000_00, low: 5_000_00 },
  EUR: { high: 23_000_00, low: 4_600_00 },
};

export class UnknownCurrencyError extends Error {
  constructor(readonly currency: string) {
    super(`No segment thresholds for currency ${currency}; an admin can add them in Settings`);
  }
}

/** ACV at or above `high` is high touch, at or above `low` low touch, below that tech touch. */
export function segmentFor(acv: Money, thresholds: SegmentThresholds): Segment {
  const t = thresholds[acv.currency];
  if (!t) throw new UnknownCurrencyError(acv.currency);
  if (acv.amount >= t.high) return "high";
  if (acv.amount >= t.low) return "low";
  return "tech";
}

const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** Formats minor units for people: 123456 USD → "$1,234.56"; 500000 JPY → "￥500,000". */
export function formatMoney({ amount, currency }: Money, locale = "en"): string {
  const digits = minorDigits(currency);
  // One formatter per locale and currency: building one costs more than formatting with it, and a list shows an amount per row.
  const key = `${locale}|${currency}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) moneyFormatters.set(key, (formatter = new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 0 })));
  return formatter.format(amount / 10 ** digits);
}

const moneyFormatters = new Map<string, Intl.NumberFormat>();

/** Parses "1,234.56" in a currency into minor units; null when it is not a plain amount. */
export function parseMajorAmount(text: string, currency: string): number | null {
  const cleaned = text.replace(/[,\s_]/g, "");
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const digits = minorDigits(currency);
  const [whole, frac = ""] = cleaned.split(".");
  if (frac.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(frac.padEnd(digits, "0") || "0");
}
