import { beforeEach, describe, expect, it } from "vitest";
import { cases, responses } from "../../db/schema";
import { loader } from "../../app/routes/cs.accounts.$id";
import { loadAccount360 } from "../../app/services/account-360.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";
import { createCampaign, createInvitation } from "../factories/nps";

const NOW = new Date("2026-11-23T10:00:00Z");
const at = (iso: string) => Date.parse(`${iso}T12:00:00Z`);
let ip = 0;

function answer(contactId: number, campaignId: number, score: number, when: number, comment?: string) {
  const { token } = createInvitation({ contactId, campaignId });
  const result = recordNpsResponse(token, String(score), comment, `198.51.100.${++ip % 250}`, when);
  if (result.kind !== "recorded") throw new Error(result.kind);
  return result.responseId;
}

function openCase(responseId: number, accountId: number, contactId: number, values: Partial<typeof cases.$inferInsert> = {}) {
  const now = NOW.getTime();
  return db
    .insert(cases)
    .values({ responseId, accountId, contactId, status: "open", dueAt: now + 86_400_000, createdAt: now, updatedAt: now, ...values })
    .returning()
    .get();
}

beforeEach(() => {
  db.delete(cases).run();
  db.delete(responses).run();
});

describe("Account 360", () => {
  it("lists contacts with their latest score and when, answered ones first", async () => {
    const account = createAccount({ name: "Sakura KK" });
    const wave = createCampaign({ name: "Autumn" });
    const ann = createContact({ accountId: account.id, email: "ann@sakura.example", name: "Ann" });
    const bob = createContact({ accountId: account.id, email: "bob@sakura.example", name: "Bob" });
    createContact({ accountId: account.id, email: "aaa@sakura.example", name: "Never" });
    answer(ann.id, wave.id, 9, at("2026-05-01"));
    answer(ann.id, createCampaign().id, 4, at("2026-10-01"));
    answer(bob.id, wave.id, 7, at("2026-08-01"));
    const page = loadAccount360(account.id, NOW)!;
    expect(page.contacts.map(({ email, latestScore, latestAnsweredAt, responses: n }) => ({ email, latestScore, latestAnsweredAt, n }))).toEqual([
      { email: "ann@sakura.example", latestScore: 4, latestAnsweredAt: at("2026-10-01"), n: 2 },
      { email: "bob@sakura.example", latestScore: 7, latestAnsweredAt: at("2026-08-01"), n: 1 },
      { email: "aaa@sakura.example", latestScore: null, latestAnsweredAt: null, n: 0 },
    ]);
  });

  it("draws the account's monthly NPS for the last 12 months and its all-time NPS, other accounts left out", () => {
    const account = createAccount();
    const other = createAccount();
    const wave = createCampaign();
    const contact = () => createContact({ accountId: account.id }).id;
    answer(contact(), wave.id, 10, at("2026-11-02"));
    answer(contact(), wave.id, 2, at("2026-11-20"));
    answer(contact(), wave.id, 9, at("2026-03-15"));
    answer(contact(), wave.id, 0, at("2025-06-01")); // before the 12 months
    answer(createContact({ accountId: other.id }).id, wave.id, 0, at("2026-11-03"));
    const page = loadAccount360(account.id, NOW)!;
    expect(page.trend).toHaveLength(12);
    expect(page.trend[0].bucket).toBe("2025-12-01");
    expect(page.trend.at(-1)).toMatchObject({ bucket: "2026-11-01", summary: { n: 2, nps: 0 } });
    expect(page.trend.find((point) => point.bucket === "2026-03-01")?.summary).toMatchObject({ n: 1, nps: 100 });
    expect(page.trend.filter((point) => point.summary.n === 0)).toHaveLength(10);
    expect(page.allTime).toMatchObject({ n: 4, promoters: 2, detractors: 2, nps: 0 });
  });

  it("shows open follow-up cases with owner, due and overdue, not closed ones", () => {
    const account = createAccount();
    const owner = createStaff("csm", { name: "Yuki Owner" });
    const contact = createContact({ accountId: account.id, name: "Ken" });
    const late = openCase(answer(contact.id, createCampaign().id, 2, at("2026-11-01"), "Too slow"), account.id, contact.id, {
      ownerUserId: owner.id,
      dueAt: NOW.getTime() - 3_600_000,
    });
    const soon = openCase(answer(contact.id, createCampaign().id, 5, at("2026-11-10")), account.id, contact.id, { status: "contacted" });
    openCase(answer(contact.id, createCampaign().id, 3, at("2026-11-11")), account.id, contact.id, { status: "resolved" });
    openCase(answer(contact.id, createCampaign().id, 1, at("2026-11-12")), account.id, contact.id, { status: "wont_fix" });
    const page = loadAccount360(account.id, NOW)!;
    expect(page.openCases.map(({ id, status, ownerName, overdue, score, comment }) => ({ id, status, ownerName, overdue, score, comment }))).toEqual([
      { id: late.id, status: "open", ownerName: "Yuki Owner", overdue: true, score: 2, comment: "Too slow" },
      { id: soon.id, status: "contacted", ownerName: null, overdue: false, score: 5, comment: null },
    ]);
  });

  it("lists each campaign that invited the account's contacts with invited, answered and NPS", () => {
    const account = createAccount();
    const spring = createCampaign({ name: "Spring", launchedAt: at("2026-03-01") });
    const autumn = createCampaign({ name: "Autumn", launchedAt: at("2026-09-01") });
    createCampaign({ name: "Elsewhere" });
    const [a, b, c] = [0, 1, 2].map(() => createContact({ accountId: account.id }).id);
    answer(a, autumn.id, 10, at("2026-09-02"));
    answer(b, autumn.id, 3, at("2026-09-03"));
    answer(a, spring.id, 9, at("2026-03-02"));
    createInvitation({ contactId: c, campaignId: autumn.id });
    createInvitation({ contactId: b, campaignId: spring.id });
    createInvitation({ contactId: createContact().id, campaignId: autumn.id }); // another account's contact
    const page = loadAccount360(account.id, NOW)!;
    expect(page.campaigns.map(({ campaignName, invited, answered, summary }) => ({ campaignName, invited, answered, nps: summary.nps }))).toEqual([
      { campaignName: "Autumn", invited: 3, answered: 2, nps: 0 },
      { campaignName: "Spring", invited: 2, answered: 1, nps: 100 },
    ]);
  });

  it("has typed places for health and advocacy that say not scored yet, with no numbers", async () => {
    const account = createAccount();
    const cookie = await staffCookie(createStaff("viewer").id);
    const data = await loader({ request: getRequest(`/cs/accounts/${account.id}`, cookie), params: { id: String(account.id) }, context: {} });
    expect(data.scores).toEqual({ health: { status: "not_scored" }, advocacy: { status: "not_scored" } });
    expect(data.contacts).toEqual([]);
    expect(data.openCases).toEqual([]);
    expect(data.campaigns).toEqual([]);
    expect(data.allTime.nps).toBeNull();
  });

  it("is readable by every staff role and sends signed-out visitors to sign in", async () => {
    const account = createAccount();
    for (const role of ["viewer", "csm", "admin"] as const) {
      const cookie = await staffCookie(createStaff(role).id);
      const data = await loader({ request: getRequest(`/cs/accounts/${account.id}`, cookie), params: { id: String(account.id) }, context: {} });
      expect(data.account.id).toBe(account.id);
    }
    await expect(loader({ request: getRequest(`/cs/accounts/${account.id}`), params: { id: String(account.id) }, context: {} })).rejects.toMatchObject({
      status: 302,
    });
  });
});
