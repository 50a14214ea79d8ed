/**
 * The benchmark contract. A bench is a module `test/bench/<name>.bench.ts` whose default export
 * is a `Bench`; `run.ts` finds every such file. A bench returns figures; a figure with a
 * threshold (from the issue that asked for it) is printed PASS or FAIL, the others are printed.
 */
export type Threshold = { min?: number; max?: number };

export type Figure = {
  label: string;
  value: number;
  unit: string;
  threshold?: Threshold;
};

export type BenchContext = {
  /** Seconds of measured load per run (warm-up excluded). */
  durationSeconds: number;
  connections: number;
  /** Progress for the person watching (stderr); figures go in the result. */
  log(message: string): void;
};

export type Bench = {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<Figure[]>;
};

export function passes(figure: Figure): boolean | null {
  const { threshold } = figure;
  if (!threshold) return null;
  if (threshold.min !== undefined && figure.value < threshold.min) return false;
  if (threshold.max !== undefined && figure.value > threshold.max) return false;
  return true;
}

export function describeThreshold({ min, max }: Threshold, unit: string): string {
  if (min !== undefined && max !== undefined) return `${min}–${max} ${unit}`;
  return min !== undefined ? `≥ ${min} ${unit}` : `≤ ${max} ${unit}`;
}
