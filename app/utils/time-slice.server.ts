import type { Steps } from "../domain/steps";

/**
 * Long synchronous work in a request (a CSV preview of 50,000 rows) must not stall every other
 * request of the process: it runs in slices of a few milliseconds and gives the event loop a
 * turn (timers, sockets) between them.
 */
export const SLICE_MS = 15;

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `await slicer.pause()` after each unit of work: it yields only once the slice is used up. */
export function timeSlicer(sliceMs = SLICE_MS) {
  let started = performance.now();
  return {
    due: () => performance.now() - started >= sliceMs,
    async pause() {
      if (performance.now() - started < sliceMs) return;
      await yieldToEventLoop();
      started = performance.now();
    },
  };
}

export async function runStepsInSlices<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<T> {
  const slicer = timeSlicer(sliceMs);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (slicer.due()) await slicer.pause();
  }
}
