/**
 * The health score as a weighted, explainable scorecard (Gainsight's model): each component is
 * 0–100 with the inputs that made it, or missing when its source has nothing to say (never zero).
 * Weights are per segment — the touch model — and the weights of missing components are shared
 * out over the present ones, so a tech-touch account without a CSM check is judged on what exists.
 * Pure: the services gather the inputs and store what this returns.
 */

export const HEALTH_COMPONENTS = ["usage", "onboarding", "nps", "relationships", "programs", "csm_check"] as const;
export type HealthComponentKey = (typeof HEALTH_COMPONENTS)[number];

export const HEALTH_BANDS = ["green", "yellow", "red"] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

/** One input in words, with a code beside it for readers without a language (the API). */
export type HealthInput = { code: string; params: Record<string, string | number> };

export type HealthComponent = { key: HealthComponentKey; score: number | null; inputs: HealthInput[] };

/** Relative weights per component (any non-negative numbers; they are normalised over the present ones). */
export type HealthWeights = Record<HealthComponentKey, number>;

/** The lowest score of each band above red. */
export type BandCutoffs = { green: number; yellow: number };

export type BandOverride = { band: HealthBand; reason: string; until: number };

export type ScoredComponent = HealthComponent & {
  /** The weight it was given once missing components' weights were shared out (0–1, summing to 1 over the present ones). */
  weight: number;
  /** Points it adds to the score: score × weight. */
  contribution: number;
  missing: boolean;
};

export type HealthScore = {
  /** 0–100, or null when every weighted component is missing. */
  score: number | null;
  /** The band the score falls in, before any override. */
  computedBand: HealthBand | null;
  /** The band in effect: an unexpired override's, else the computed one. */
  band: HealthBand | null;
  override: BandOverride | null;
  components: ScoredComponent[];
};

export const DEFAULT_BAND_CUTOFFS: BandCutoffs = { green: 70, yellow: 40 };

/** The touch model: usage and onboarding carry tech-touch accounts; the CSM's own check and relationships weigh most where a CSM owns the account. */
export const DEFAULT_WEIGHTS: Record<"high" | "low" | "tech", HealthWeights> = {
  high: { usage: 25, onboarding: 5, nps: 20, relationships: 20, programs: 5, csm_check: 25 },
  low: { usage: 30, onboarding: 15, nps: 20, relationships: 10, programs: 10, csm_check: 15 },
  tech: { usage: 40, onboarding: 30, nps: 20, relationships: 0, programs: 10, csm_check: 0 },
};

export function bandOf(score: number, cutoffs: BandCutoffs): HealthBand {
  if (score >= cutoffs.green) return "green";
  if (score >= cutoffs.yellow) return "yellow";
  return "red";
}

const clamp = (n: number) => Math.min(100, Math.max(0, n));

/**
 * The score from its components: each present component's weight divided by the sum of the
 * present weights, the score rounded to a whole point. A component with weight 0 in this segment
 * counts for nothing but is still shown (with its inputs). An override holds until its expiry.
 */
export function scoreHealth(
  components: readonly HealthComponent[],
  weights: HealthWeights,
  cutoffs: BandCutoffs,
  override: BandOverride | null,
  now: number,
): HealthScore {
  const present = components.filter((component) => component.score !== null && weights[component.key] > 0);
  const total = present.reduce((sum, component) => sum + weights[component.key], 0);
  const scored = HEALTH_COMPONENTS.map((key): ScoredComponent => {
    const component = components.find((c) => c.key === key) ?? { key, score: null, inputs: [] };
    const missing = component.score === null;
    const weight = !missing && total > 0 ? weights[key] / total : 0;
    const score = missing ? null : clamp(component.score!);
    return { ...component, score, missing, weight, contribution: score === null ? 0 : score * weight };
  });
  const score = total > 0 ? Math.round(scored.reduce((sum, component) => sum + component.contribution, 0)) : null;
  const computedBand = score === null ? null : bandOf(score, cutoffs);
  const activeOverride = override && override.until > now ? override : null;
  return { score, computedBand, band: activeOverride?.band ?? computedBand, override: activeOverride, components: scored };
}

/**
 * What would raise the score most: the present components sorted by the points they leave on
 * the table (weight × (100 − score)), and the missing ones with weight, which would count once
 * they have something to say.
 */
export function raisers(health: HealthScore, weights: HealthWeights): { key: HealthComponentKey; points: number | null }[] {
  const present = health.components
    .filter((component) => !component.missing && component.weight > 0 && component.score! < 100)
    .map((component) => ({ key: component.key, points: Math.round(component.weight * (100 - component.score!)) }))
    .filter((raiser) => raiser.points > 0)
    .sort((a, b) => b.points! - a.points! || HEALTH_COMPONENTS.indexOf(a.key) - HEALTH_COMPONENTS.indexOf(b.key));
  const missing = health.components
    .filter((component) => component.missing && weights[component.key] > 0)
    .map((component) => ({ key: component.key, points: null }));
  return [...present, ...missing];
}
