import { DEFAULT_CATEGORY_KINDS, type CategoryInput } from "../domain/community-categories";
import { ServiceError } from "../domain/service-error";
import { audit } from "../models/audit.server";
import { findCategory, insertCategory, updateCategoryRow, type CommunityCategory } from "../models/community-category.server";
import { transaction } from "../utils/db.server";
import { assertCan, auditActorFields, type StaffActor } from "./actor.server";

/** What the audit log keeps of a category: the fields an admin edits. */
function snapshot(category: CommunityCategory) {
  const { nameEn, nameJa, descriptionEn, descriptionJa, position, colour, kind, staffOnlyTopics, segments } = category;
  return { nameEn, nameJa, descriptionEn, descriptionJa, position, colour, kind, staffOnlyTopics, segments };
}

/**
 * `/cs/community/categories`, create: a new category with the slug the admin chose once. A
 * slug in use (including a default one) is refused on the slug field; nothing is written.
 */
export function createCategory(actor: StaffActor, input: CategoryInput & { slug: string }, now = Date.now()): CommunityCategory {
  assertCan(actor, "manage:community:any");
  return transaction((tx) => {
    const created = insertCategory(tx, input, now);
    if (!created) throw new ServiceError(409, "communityCategorySlugTaken", {}, "slug");
    audit(
      {
        ...auditActorFields(actor),
        action: "community.category_created",
        entity: "community_category",
        entityId: created.id,
        detail: { slug: created.slug, ...snapshot(created) },
      },
      tx,
    );
    return created;
  });
}

/**
 * Edit a category: names, descriptions, order, colour, kind, who starts topics, segments. The
 * slug never changes; the default categories (`questions`, `tips`, `announcements`) keep their
 * kind too, since the public contract names what they hold.
 */
export function updateCategory(actor: StaffActor, id: number, input: CategoryInput, now = Date.now()): CommunityCategory {
  assertCan(actor, "manage:community:any");
  return transaction((tx) => {
    const before = findCategory(id, tx);
    if (!before) throw new ServiceError(404, "communityCategoryMissing");
    const fixedKind = DEFAULT_CATEGORY_KINDS[before.slug];
    if (fixedKind && input.kind !== fixedKind) throw new ServiceError(400, "communityCategoryDefaultKind", { slug: before.slug }, "kind");
    const after = updateCategoryRow(tx, id, input, now)!;
    audit(
      {
        ...auditActorFields(actor),
        action: "community.category_updated",
        entity: "community_category",
        entityId: id,
        detail: { slug: before.slug, before: snapshot(before), after: snapshot(after) },
      },
      tx,
    );
    return after;
  });
}
