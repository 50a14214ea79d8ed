import type { Category } from "../domain/nps";
import { log } from "../utils/log.server";

/** What a hook learns about a response once it is recorded (first answer or a change). */
export type RecordedResponse = {
  responseId: number;
  contactId: number;
  accountId: number;
  campaignId: number | null;
  score: number;
  category: Category;
  locale: "en" | "ja";
  updatedAt: number;
};

/**
 * Runs after every recorded or changed response, inside the response pipeline job. A hook must
 * be idempotent (recompute from the stored data rather than increment): when any hook throws,
 * the job is retried and every hook runs again.
 */
export type ResponseHook = (response: RecordedResponse) => Promise<void> | void;

const hooks = new Map<string, ResponseHook>();

/** Registers a hook under a name (e.g. "advocacy-score"); returns a function that removes it. */
export function registerResponseHook(name: string, hook: ResponseHook): () => void {
  if (hooks.has(name)) throw new Error(`A response hook named "${name}" is already registered.`);
  hooks.set(name, hook);
  return () => {
    if (hooks.get(name) === hook) hooks.delete(name);
  };
}

/**
 * Runs every hook, each even when an earlier one failed, then throws one error naming all
 * failures so the job is retried and the failure is visible in the job's last error.
 */
export async function runResponseHooks(response: RecordedResponse): Promise<void> {
  const failures: { name: string; error: unknown }[] = [];
  for (const [name, hook] of hooks) {
    try {
      await hook(response);
    } catch (error) {
      log().error({ hook: name, responseId: response.responseId, err: error }, `Response hook "${name}" failed`);
      failures.push({ name, error });
    }
  }
  if (failures.length > 0) {
    // Not a refusal but a failure of our own code: the job's last error names every hook that failed.
    const names = failures.map(({ name, error }) => `${name} (${error instanceof Error ? error.message : String(error)})`).join("; ");
    throw new AggregateError(
      failures.map((failure) => failure.error),
      `Response hook${failures.length > 1 ? "s" : ""} failed: ${names}`,
    );
  }
}
