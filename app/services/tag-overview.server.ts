import { tagRulesBackfillProgress } from "../jobs/tag-rules-backfill.server";
import { countResponsesPerTag, listTagRules, listTags } from "../models/tag.server";

/** The tags page: every tag with its counts and keywords, and how far re-tagging has come. */
export function loadTagOverview() {
  const counts = countResponsesPerTag();
  const rules = listTagRules();
  const tags = listTags().map((tag) => {
    const tagRules = rules.filter((rule) => rule.tagId === tag.id);
    return {
      ...tag,
      responses: counts.get(tag.id) ?? 0,
      keywords: tagRules.flatMap((rule) => rule.keywords),
      ruleUpdatedAt: tagRules.length ? Math.max(...tagRules.map((rule) => rule.updatedAt)) : null,
    };
  });
  return { tags, progress: tagRulesBackfillProgress() };
}
