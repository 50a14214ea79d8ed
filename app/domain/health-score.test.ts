import { describe, expect, it } from "vitest";
import { DEFAULT_BAND_CUTOFFS, DEFAULT_WEIGHTS, raisers, scoreHealth, type HealthComponent } from "./health-score";

const NOW = Date.parse("2026-12-07T00:00:00Z");
const c = (key: HealthComponent["key"], score: number | null): HealthComponent => ({ key, score, inputs: [] });
const LOW_TOUCH = [c("usage", 50), c("onboarding", 100), c("nps", 80), c("relationships", null), c("programs", 20), c("csm_check", 60)];

describe("scoreHealth", () => {
  it("shares a missing component's weight out over the present ones (hand-computed)", () => {
    const health = scoreHealth(LOW_TOUCH, DEFAULT_WEIGHTS.low, DEFAULT_BAND_CUTOFFS, null, NOW);
    // (50×30 + 100×15 + 80×20 + 20×10 + 60×15) / 90 = 5,700 / 90 = 63.3.
    expect(health.score).toBe(63);
    expect(health.band).toBe("yellow");
    const relationships = health.components.find((component) => component.key === "relationships")!;
    expect(relationships).toMatchObject({ missing: true, score: null, weight: 0, contribution: 0 });
    const usage = health.components.find((component) => component.key === "usage")!;
    expect(usage.weight).toBeCloseTo(30 / 90, 12);
    expect(usage.contribution).toBeCloseTo((50 * 30) / 90, 12);
    expect(health.components.reduce((sum, component) => sum + component.weight, 0)).toBeCloseTo(1, 12);
  });

  it("bands at the cut-offs: 70 is green, 69 yellow, 39 red", () => {
    const only = (score: number) => scoreHealth([c("usage", score)], DEFAULT_WEIGHTS.tech, DEFAULT_BAND_CUTOFFS, null, NOW).band;
    expect([only(70), only(69), only(40), only(39)]).toEqual(["green", "yellow", "yellow", "red"]);
  });

  it("has no score, rather than zero, when every weighted component is missing", () => {
    const health = scoreHealth([c("csm_check", 90)], DEFAULT_WEIGHTS.tech, DEFAULT_BAND_CUTOFFS, null, NOW);
    expect(health).toMatchObject({ score: null, band: null, computedBand: null });
    // Shown with its inputs, but a weight of 0 in the tech-touch model counts for nothing.
    expect(health.components.find((component) => component.key === "csm_check")).toMatchObject({ score: 90, missing: false, weight: 0 });
  });

  it("lets an override set the band until it expires, keeping the computed band beside it", () => {
    const override = { band: "red" as const, reason: "Champion left last week", until: NOW + 1 };
    expect(scoreHealth(LOW_TOUCH, DEFAULT_WEIGHTS.low, DEFAULT_BAND_CUTOFFS, override, NOW)).toMatchObject({ band: "red", computedBand: "yellow", override });
    expect(scoreHealth(LOW_TOUCH, DEFAULT_WEIGHTS.low, DEFAULT_BAND_CUTOFFS, { ...override, until: NOW }, NOW)).toMatchObject({
      band: "yellow",
      override: null,
    });
  });
});

describe("raisers", () => {
  it("ranks the components by the points they leave on the table, then the missing ones", () => {
    const health = scoreHealth(LOW_TOUCH, DEFAULT_WEIGHTS.low, DEFAULT_BAND_CUTOFFS, null, NOW);
    // usage 30/90 × 50 = 16.7; programs 10/90 × 80 = 8.9; csm_check 15/90 × 40 = 6.7; nps 20/90 × 20 = 4.4; onboarding is full.
    expect(raisers(health, DEFAULT_WEIGHTS.low)).toEqual([
      { key: "usage", points: 17 },
      { key: "programs", points: 9 },
      { key: "csm_check", points: 7 },
      { key: "nps", points: 4 },
      { key: "relationships", points: null },
    ]);
  });
});
