import { describe, expect, it } from "vitest";
import { byArr, parseVoicePeriod, periodStart, topByBound, type Ranked } from "./idea-voice";

describe("topByBound", () => {
  // A seeded generator, so a failure can be replayed.
  function random(seed: number) {
    let state = seed;
    return (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state % n;
    };
  }

  it("finds the same top k as summing everything, summing fewer ideas when the bounds are tight", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = random(seed);
      const ideas: Ranked[] = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, arrMinor: r(5) === 0 ? 0 : r(1_000_000), accounts: 1 + r(9) }));
      // A bound is never below the exact sum; some are loose, some exact.
      const candidates = ideas.map((idea) => ({ id: idea.id, bound: idea.arrMinor + r(3) * r(200_000) })).sort((a, b) => b.bound - a.bound || b.id - a.id);
      const byId = new Map(ideas.map((idea) => [idea.id, idea]));
      for (const k of [1, 5, 10]) {
        const { top, summed } = topByBound(candidates, k, (ids) => ids.map((id) => byId.get(id)!), 7);
        const expected = [...ideas].sort(byArr).slice(0, k);
        expect(top.map((idea) => idea.arrMinor)).toEqual(expected.map((idea) => idea.arrMinor));
        expect(summed).toBeLessThan(ideas.length);
      }
    }
  });

  it("returns what there is when fewer candidates than k, and nothing for none", () => {
    const exact = (ids: number[]) => ids.map((id) => ({ id, arrMinor: id * 10, accounts: 1 }));
    expect(
      topByBound(
        [
          { id: 2, bound: 20 },
          { id: 1, bound: 10 },
        ],
        5,
        exact,
      ).top.map((idea) => idea.id),
    ).toEqual([2, 1]);
    expect(topByBound([], 5, exact).top).toEqual([]);
  });
});

describe("the period", () => {
  it("defaults to 90 days and starts that many days back; all time has no start", () => {
    expect(parseVoicePeriod("5y")).toBe("90d");
    expect(parseVoicePeriod("1y")).toBe("1y");
    expect(periodStart("90d", 100 * 86_400_000)).toBe(10 * 86_400_000);
    expect(periodStart("all", 1)).toBeNull();
  });
});
