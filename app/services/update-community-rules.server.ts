import { refusalOfIssue } from "../domain/field-message";
import { CommunityRules } from "../domain/posting-rules";
import { audit } from "../models/audit.server";
import { putSetting } from "../models/settings.server";
import type { StaffUser } from "../models/user.server";
import { transaction } from "../utils/db.server";
import { assertCan } from "./actor.server";

/** An admin changes the community's posting rules (holding, limits per trust level, blocked words); audited with the counts that matter. */
export function updateCommunityRules(actor: StaffUser, input: CommunityRules, ip?: string): CommunityRules {
  assertCan({ user: actor }, "manage:community:any");
  // The page parses its form (CommunityRulesForm); the setting's own schema is checked again here.
  const parsed = CommunityRules.safeParse(input);
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  const rules = parsed.data;
  transaction((tx) => {
    putSetting("communityRules", rules);
    audit(
      {
        actorUserId: actor.id,
        action: "settings.community_rules_updated",
        entity: "settings",
        ip,
        detail: { holdFirstPosts: String(rules.holdFirstPosts), blockedEn: rules.blockedWords.en.length, blockedJa: rules.blockedWords.ja.length },
      },
      tx,
    );
  });
  return rules;
}
