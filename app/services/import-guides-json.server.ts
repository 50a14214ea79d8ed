import { ServiceError } from "../domain/service-error";
import type { Actor } from "./actor.server";
import { publishGuides, type GuideCounts } from "./publish-guides.server";

/**
 * The console's import button: the JSON of `GET /api/v1/guides` (an array of guides, or the
 * `{"guides":[…]}` body `PUT` takes) through `publishGuides`, exactly as the API would take it.
 * Refusals name every problem's path, all or nothing.
 */
export function importGuidesJson(actor: Actor, text: string, now = Date.now()): { counts: GuideCounts; enrolled: number } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ServiceError(400, "guideImportNotJson", {}, "json");
  }
  const result = publishGuides(actor, Array.isArray(body) ? { guides: body } : body, now);
  if (!result.ok) {
    const problems = result.errors
      .slice(0, 10)
      .map((error) => `${error.path}: ${error.message}`)
      .join("; ");
    throw new ServiceError(400, "guideImportInvalid", { problems: result.errors.length > 10 ? `${problems}; …` : problems }, "json");
  }
  return { counts: result.counts, enrolled: result.enrolled };
}
