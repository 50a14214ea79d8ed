import { startTopicRefusal } from "../domain/community-rules";
import { ServiceError } from "../domain/service-error";
import { findCategoryBySlug } from "../models/community-category.server";
import type { CommunityReader } from "../utils/community-access.server";
import { renderMarkdown } from "../utils/markdown.server";
import { checkedBody, factsOf } from "./community-participant.server";
import { checkedTitle, type StartTopicInput } from "./community-start-topic.server";

/**
 * The new-topic form's preview step: the same checks as publishing (category open to the member,
 * title and body within bounds), the body rendered as it will be stored, and nothing written.
 */
export function previewTopic(reader: CommunityReader, input: StartTopicInput): { title: string; html: string; categorySlug: string } {
  const category = findCategoryBySlug(input.category.trim());
  if (!category) throw new ServiceError(400, "communityCategoryUnknown", {}, "category");
  const refusal = startTopicRefusal(factsOf(reader), category);
  // A category closed to the member is one they cannot see: the same answer as a slug nobody has, so it reveals nothing.
  if (refusal === "restricted") throw new ServiceError(400, "communityCategoryUnknown", {}, "category");
  if (refusal === "staffOnly") throw new ServiceError(403, "communityStaffOnly", {}, "category");
  const title = checkedTitle(input.title);
  const body = checkedBody(input.body);
  return { title, html: renderMarkdown(body), categorySlug: category.slug };
}
