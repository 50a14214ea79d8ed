import { describe, expect, it } from "vitest";
import { ServiceError } from "../../app/domain/service-error";
import type { StaffUser } from "../../app/models/user.server";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { addCaseNote } from "../../app/services/add-case-note.server";
import { assignCases, assignResponseFollowUps } from "../../app/services/assign-cases.server";
import { cancelCampaign } from "../../app/services/cancel-campaign.server";
import { changeCaseStatus } from "../../app/services/change-case-status.server";
import { changeUserRole } from "../../app/services/change-user-role.server";
import { closeCampaign } from "../../app/services/close-campaign.server";
import { createApiKey } from "../../app/services/create-api-key.server";
import { createCampaign } from "../../app/services/create-campaign.server";
import { createStaffUser } from "../../app/services/create-staff-user.server";
import { commitCsvImport } from "../../app/services/import-csv.server";
import { createAndLaunchCampaign, launchCampaign } from "../../app/services/launch-campaign.server";
import { createTag, deleteTag, renameTag, saveTagRule } from "../../app/services/manage-tags.server";
import { recordPromoterAction } from "../../app/services/record-promoter-action.server";
import { replyToCase } from "../../app/services/reply-to-case.server";
import { resetUserPassword } from "../../app/services/reset-user-password.server";
import { revokeApiKey } from "../../app/services/revoke-api-key.server";
import { setUserDisabled } from "../../app/services/set-user-disabled.server";
import { addManualTag, removeResponseTag } from "../../app/services/tag-response.server";
import { requestSlackTestMessage, updateAlertSettings } from "../../app/services/update-alert-settings.server";
import { updateCloseTheLoopSettings } from "../../app/services/update-close-the-loop-settings.server";
import { updatePromoterSettings } from "../../app/services/update-promoter-settings.server";
import { updateSegmentThresholds } from "../../app/services/update-segment-thresholds.server";
import { updateSurveyDefinition } from "../../app/services/update-survey-definition.server";
import { upsertAccounts } from "../../app/services/upsert-accounts.server";
import { upsertContacts } from "../../app/services/upsert-contacts.server";
import { getSetting } from "../../app/models/settings.server";
import { sqlite } from "../../app/utils/db.server";
import { createStaff } from "../factories";

/*
 * The attack: a route that forgets its `requireStaff` (or a new caller of a service) must still
 * not let a change through. Each mutating service is called directly by an actor whose role (or
 * API key) lacks the permission: it throws ServiceError 403 and the database sees no write.
 */

const asUser = (row: { id: number; email: string; name: string; role: StaffUser["role"] }): StaffUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
});

function writesSoFar(): number {
  return (sqlite().prepare("SELECT total_changes() AS n").get() as { n: number }).n;
}

async function expectRefused(label: string, call: () => unknown) {
  const before = writesSoFar();
  let thrown: unknown;
  try {
    await call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, label).toBeInstanceOf(ServiceError);
  expect((thrown as ServiceError).status, label).toBe(403);
  expect(writesSoFar() - before, `${label} wrote to the database`).toBe(0);
}

describe("services check their own permission", () => {
  it("refuses every mutating service to a role without the permission, writing nothing", async () => {
    const viewer = asUser(createStaff("viewer"));
    const csm = asUser(createStaff("csm"));
    const admin = asUser(createStaff("admin"));
    const staff = { user: viewer, ip: "203.0.113.9" };
    const upsertOptions = { describeRow: (i: number) => `row ${i}`, audit: { action: "api.upsert" as const } };
    const campaign = { name: "Q1", targeting: {} };
    const thresholds = getSetting("segmentThresholds");

    const calls: [string, () => unknown][] = [
      ["updateSegmentThresholds", () => updateSegmentThresholds(viewer, thresholds)],
      ["updateCloseTheLoopSettings", () => updateCloseTheLoopSettings(viewer, getSetting("closeTheLoop"))],
      ["updateAlertSettings", () => updateAlertSettings(viewer, { slackWebhookUrl: null })],
      ["requestSlackTestMessage", () => requestSlackTestMessage(viewer)],
      ["updatePromoterSettings", () => updatePromoterSettings(viewer, { reviewUrl: null })],
      ["updateSurveyDefinition", () => updateSurveyDefinition(viewer, getSetting("npsSurvey"))],
      ["createStaffUser", () => createStaffUser({ email: "new@example.test", name: "New", role: "admin", password: "a long enough password" }, staff)],
      [
        "createStaffUser by a CSM",
        () => createStaffUser({ email: "new@example.test", name: "New", role: "admin", password: "a long enough password" }, { user: csm }),
      ],
      ["changeUserRole", () => changeUserRole(csm, { userId: admin.id, role: "viewer" })],
      ["setUserDisabled", () => setUserDisabled(csm, { userId: admin.id, disabled: true })],
      ["resetUserPassword", () => resetUserPassword(csm, { userId: admin.id, password: "another long password" })],
      ["createApiKey", () => createApiKey({ name: "sneaky", scopes: ["accounts:write"] }, { user: csm })],
      ["revokeApiKey", () => revokeApiKey(csm, 1)],
      ["createCampaign", () => createCampaign(staff, campaign)],
      ["createAndLaunchCampaign", () => createAndLaunchCampaign({ user: csm }, campaign)],
      ["launchCampaign", () => launchCampaign(staff, 1)],
      ["cancelCampaign", () => cancelCampaign(staff, 1)],
      ["closeCampaign", () => closeCampaign(staff, 1)],
      ["addCaseNote", () => addCaseNote(staff, 1, "a note")],
      ["changeCaseStatus", () => changeCaseStatus(staff, 1, "contacted", null)],
      ["assignCases", () => assignCases(staff, [1], csm.id)],
      ["assignResponseFollowUps", () => assignResponseFollowUps(staff, [1], csm.id)],
      ["replyToCase", () => replyToCase(staff, 1, "Hello")],
      ["addManualTag", () => addManualTag(viewer, { responseId: 1, name: "pricing" })],
      ["removeResponseTag", () => removeResponseTag(viewer, { responseId: 1, tagId: 1 })],
      ["createTag", () => createTag(csm, { name: "pricing" })],
      ["renameTag", () => renameTag(csm, { tagId: 1, name: "price" })],
      ["deleteTag", () => deleteTag(csm, { tagId: 1 })],
      ["saveTagRule", () => saveTagRule(csm, { tagId: 1, keywords: "price" })],
      ["recordPromoterAction", () => recordPromoterAction(viewer, { responseId: 1, kind: "review" })],
      ["upsertAccounts", () => upsertAccounts({ user: csm }, [], upsertOptions)],
      ["upsertContacts", () => upsertContacts({ user: csm }, [], upsertOptions)],
      ["commitCsvImport", () => commitCsvImport({ user: csm }, "accounts", "external_id,name\nA1,Acme\n", { fileName: "a.csv", encoding: "UTF-8" })],
    ];
    for (const [label, call] of calls) await expectRefused(label, call);
  });

  it("refuses an API key without the scope, and console-only work to any key", async () => {
    const key = { apiKey: { id: 1, name: "reader", prefix: "kz_00000000", scopes: ["contacts:read"] } };
    const upsertOptions = { describeRow: (i: number) => `row ${i}`, audit: { action: "api.upsert" as const } };
    await expectRefused("createCampaign by key", () => createCampaign(key, { name: "Q1", targeting: {} }));
    await expectRefused("upsertAccounts by key", () => upsertAccounts(key, [], upsertOptions));
    await expectRefused("upsertContacts by key", () => upsertContacts(key, [], upsertOptions));
    await expectRefused("createApiKey by key", () => createApiKey({ name: "more", scopes: ["accounts:write"] }, key));
    await expectRefused("commitCsvImport by key", () => commitCsvImport(key, "accounts", "external_id\nA1\n", { fileName: "a.csv", encoding: "UTF-8" }));
  });

  it("lets the operator at the command line create users and keys", async () => {
    const user = await createStaffUser({ email: "ops@example.test", name: "Ops", role: "admin", password: "a long enough password" }, CLI_ACTOR);
    expect(user.role).toBe("admin");
    expect(createApiKey({ name: "sync", scopes: ["accounts:write"] }, CLI_ACTOR).key).toMatch(/^kz_/);
  });
});
