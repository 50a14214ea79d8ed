import { listResponseChanges, findResponseConsents } from "../models/response.server";
import {
  findCaseOfResponse,
  findResponseCore,
  listContactResponses,
  listOtherContactsWithLatestScore,
  listPromoterActions,
} from "../models/response-detail.server";
import { getSetting } from "../models/settings.server";
import { findSuppression } from "../models/suppression.server";
import { listTags, listTagsOfResponse } from "../models/tag.server";
import { PROMOTER_ACTIONS } from "../../db/schema";

import { marketingAskBlock, reviewUrlBlock, type AskBlock, type PromoterActionKind } from "./record-promoter-action.server";

export type PromoterActionState = {
  kind: PromoterActionKind;
  done: { at: number; by: string | null; emailed: boolean } | null;
  /** Why the ask cannot go, as a code the page words in the reader's language. */
  block: AskBlock | null;
};

/** Everything the response page shows, or null when there is no such response. */
export function loadResponseDetail(responseId: number) {
  const response = findResponseCore(responseId);
  if (!response) return null;
  const suppression = findSuppression(response.contactEmail)?.reason ?? null;
  const isPromoter = response.category === "promoter";
  let promoter: { actions: PromoterActionState[]; consents: ReturnType<typeof findResponseConsents> } | null = null;
  if (isPromoter) {
    const done = listPromoterActions(responseId);
    const askBlock = marketingAskBlock({ unsubscribedAt: response.unsubscribedAt, suppression, name: response.contactName, email: response.contactEmail });
    const reviewBlock = reviewUrlBlock(getSetting("promoterActions").reviewUrl);
    promoter = {
      consents: findResponseConsents(responseId),
      actions: PROMOTER_ACTIONS.map((kind) => {
        const row = done.find((action) => action.kind === kind);
        const block = kind === "reference" ? null : kind === "review" ? (askBlock ?? reviewBlock) : askBlock;
        return { kind, done: row ? { at: row.createdAt, by: row.actorName, emailed: row.outboxId !== null } : null, block };
      }),
    };
  }
  const { campaignSurvey: _survey, ...shown } = response;
  return {
    response: shown,
    suppression,
    changes: listResponseChanges(responseId),
    history: listContactResponses(response.contactId),
    otherContacts: listOtherContactsWithLatestScore(response.accountId, response.contactId),
    followUpCase: findCaseOfResponse(responseId) ?? null,
    tags: listTagsOfResponse(responseId),
    allTags: listTags(),
    promoter,
  };
}

export type ResponseDetail = NonNullable<ReturnType<typeof loadResponseDetail>>;
