/**
 * Net Promoter Score categories. Thresholds are configurable because Japanese respondents score
 * systematically lower: a team may count 8 as a promoter there, or 5 as the detractor line.
 */
export const CATEGORIES = ["promoter", "passive", "detractor"] as const;
export type Category = (typeof CATEGORIES)[number];

/** A score at or above `promoterMin` is a promoter; at or below `detractorMax` a detractor. */
export type CategoryThresholds = { promoterMin: number; detractorMax: number };

export const DEFAULT_CATEGORY_THRESHOLDS: CategoryThresholds = { promoterMin: 9, detractorMax: 6 };

export const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

export function isScore(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 10;
}

export function categoryFor(score: number, thresholds: CategoryThresholds = DEFAULT_CATEGORY_THRESHOLDS): Category {
  if (!isScore(score)) throw new RangeError(`An NPS score is a whole number from 0 to 10, not ${score}`);
  if (score >= thresholds.promoterMin) return "promoter";
  if (score <= thresholds.detractorMax) return "detractor";
  return "passive";
}

/** Thresholds are valid when a passive band may be empty but promoters and detractors never overlap. */
export function validThresholds(t: CategoryThresholds): boolean {
  return isScore(t.promoterMin) && isScore(t.detractorMax) && t.detractorMax < t.promoterMin;
}
