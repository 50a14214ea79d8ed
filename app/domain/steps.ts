/**
 * Long, pure work written as a generator that `yield`s between units (a row, a record): run to
 * the end at once with `runSteps`, or in time slices that let the server answer other requests
 * in between (`runStepsInSlices` in utils/time-slice.server.ts). One implementation for both.
 */
export type Steps<T> = Generator<void, T, undefined>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
