import { z } from "zod";
import { maySeeCategory } from "../domain/community-rules";
import { authorMayEdit, companyMonogram, coveredUses, showsCompanyInCommunity } from "../domain/stories";
import type { Language } from "../locales";
import {
  countStoriesByStatus,
  findAccountBrief,
  findActiveConsent,
  findStoriesCategory,
  findStory,
  listAccountContactChoices,
  listConsentsOfStory,
  listPublishedStories,
  listStoriesOfMember,
  listStoryComments,
  listStoryPipeline,
  publishedFilterValues,
} from "../models/story.server";
import type { CommunityReadScope } from "../utils/community-access.server";
import { consentUsesOf } from "./story-review.server";

/*
 * What the story pages read: the customer listing and story page (the company named only where
 * the consent in force covers the community), and the console's pipeline and story page.
 */

export const StoryFilter = z.object({
  industry: z.string().trim().max(80).optional().catch(undefined),
  segment: z.enum(["high", "low", "tech"]).optional().catch(undefined),
  productArea: z.string().trim().max(80).optional().catch(undefined),
});
export type StoryFilterValue = z.output<typeof StoryFilter>;

/** Reads the listing's filters from a query string; anything unknown is ignored, never an error. */
export function parseStoryFilter(params: URLSearchParams): StoryFilterValue {
  const value = StoryFilter.parse({
    industry: params.get("industry") || undefined,
    segment: params.get("segment") || undefined,
    productArea: params.get("productArea") || undefined,
  });
  return { industry: value.industry || undefined, segment: value.segment, productArea: value.productArea || undefined };
}

/** The stories category if this reader may see it (a category restricted to some segments hides its stories too). */
function readableCategory(reader: Pick<CommunityReadScope, "staff" | "segment">, language: Language) {
  const category = findStoriesCategory();
  if (!category || !maySeeCategory(reader, category)) return null;
  return {
    slug: category.slug,
    name: language === "ja" ? category.nameJa : category.nameEn,
    description: language === "ja" ? category.descriptionJa : category.descriptionEn,
  };
}

/** The company as the community may show it: its name and mark with a community consent, nothing otherwise. */
function companyShown(accountName: string, consent: { community: boolean } | null) {
  return consent && showsCompanyInCommunity({ community: consent.community, website: false, salesDeck: false })
    ? { name: accountName, monogram: companyMonogram(accountName) }
    : null;
}

export const STORIES_PER_PAGE = 60;

/** `/community/stories`: published stories with the filters' choices, and the reader's own stories (drafts and in review). */
export function storyListing(reader: CommunityReadScope, filter: StoryFilterValue) {
  const category = readableCategory(reader, reader.language);
  if (!category) return null;
  const rows = listPublishedStories(filter, STORIES_PER_PAGE);
  return {
    category,
    filter,
    choices: publishedFilterValues(),
    stories: rows.map((row) => ({
      id: row.id,
      title: row.title,
      industry: row.industry,
      segment: row.segment,
      productArea: row.productArea,
      quote: row.quote,
      language: row.language,
      publishedAt: row.publishedAt?.getTime() ?? null,
      company: companyShown(row.accountName, row.community === null ? null : { community: row.community }),
    })),
    mine: reader.memberId !== null && !reader.staff ? listStoriesOfMember(reader.memberId) : [],
  };
}

/**
 * `/community/stories/:id`: a published story for every reader of the category; a draft or a
 * story in review only for its author (with the review thread and, while a draft, the form) and staff.
 */
export function storyPage(reader: CommunityReadScope, storyId: number) {
  const category = readableCategory(reader, reader.language);
  const story = findStory(storyId);
  if (!category || !story) return null;
  const isAuthor = reader.memberId !== null && story.authorMemberId === reader.memberId;
  if (story.status !== "published" && !isAuthor && !reader.staff) return null;
  const consent = findActiveConsent(storyId) ?? null;
  const account = findAccountBrief(story.accountId);
  return {
    category,
    story: {
      id: story.id,
      status: story.status,
      title: story.title,
      industry: story.industry,
      segment: story.segment,
      productArea: story.productArea,
      language: story.language,
      challenge: story.challenge,
      solution: story.solution,
      results: story.results,
      challengeHtml: story.challengeHtml,
      solutionHtml: story.solutionHtml,
      resultsHtml: story.resultsHtml,
      quote: story.quote,
      quoteBy: story.quoteBy,
      publishedAt: story.publishedAt?.getTime() ?? null,
    },
    company: companyShown(account?.name ?? "", consent),
    isAuthor,
    mayEdit: isAuthor && authorMayEdit(story.status),
    comments: isAuthor || reader.staff ? listStoryComments(storyId).map((comment) => ({ ...comment, createdAt: comment.createdAt.getTime() })) : [],
  };
}

/** The console's pipeline, one state (or all) at a time, with each story's consent status. */
export function storyPipeline(status: "draft" | "in_review" | "published" | null) {
  return {
    counts: countStoriesByStatus(),
    stories: listStoryPipeline(status).map((row) => ({
      ...row,
      updatedAt: row.updatedAt.getTime(),
      publishedAt: row.publishedAt?.getTime() ?? null,
      uses: coveredUses(row.consentId === null ? null : consentUsesOf({ community: row.community!, website: row.website!, salesDeck: row.salesDeck! })),
      comments: row.comments ?? 0,
    })),
  };
}

/** The console's page of one story: everything, with its thread, its consents (in force and past) and the account's contacts. */
export function consoleStory(storyId: number) {
  const story = findStory(storyId);
  if (!story) return null;
  const account = findAccountBrief(story.accountId)!;
  const consent = findActiveConsent(storyId) ?? null;
  return {
    story: { ...story, createdAt: story.createdAt.getTime(), updatedAt: story.updatedAt.getTime(), publishedAt: story.publishedAt?.getTime() ?? null },
    account,
    consent: consent ? { ...consent, agreedAt: consent.agreedAt.getTime(), uses: coveredUses(consentUsesOf(consent)) } : null,
    consents: listConsentsOfStory(storyId).map((row) => ({ ...row, agreedAt: row.agreedAt.getTime(), revokedAt: row.revokedAt?.getTime() ?? null })),
    comments: listStoryComments(storyId).map((comment) => ({ ...comment, createdAt: comment.createdAt.getTime() })),
    contacts: listAccountContactChoices(story.accountId),
  };
}
