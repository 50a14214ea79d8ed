/**
 * Run against the e2e server's database (DATABASE_URL), with the figures the spec chose (IDEAS_E2E,
 * JSON): an exchange rate for the second currency, three accounts whose members will vote in the
 * browser (one en, two ja/en; instant emails), a fourth, large account nobody from which votes, two
 * ideas posted by another member of the first account, and an API key that reads ideas. Prints
 * `IDEA_WIDE <id>`, `IDEA_DEEP <id>`, `VOTER_<n> <email>`, `LARGE <external id>`, `KEY <api key>`.
 */
import { eq } from "drizzle-orm";
import { communityMembers, users } from "../../db/schema";
import { ensureContactMember } from "../../app/models/community-member.server";
import { putEmailFrequency } from "../../app/models/community-notification.server";
import { getSetting, putSetting } from "../../app/models/settings.server";
import { DEFAULT_COMMUNITY_RULES } from "../../app/domain/posting-rules";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { createApiKey } from "../../app/services/create-api-key.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { putExchangeRates } from "../../app/services/currency-settings.server";
import { requireCommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { contactCookie, createAccount, createContact, getRequest } from "../factories";
import { E2E_STAFF } from "./fixtures";

type Plan = {
  secondCurrency: string;
  rate: string;
  accounts: { acvMinor: number; currency: string; segment: "high" | "low" | "tech"; locale: "en" | "ja" | null }[];
};
const plan = JSON.parse(process.env.IDEAS_E2E!) as Plan;
const reporting = getSetting("currency").reportingCurrency;
if (reporting !== "JPY") throw new Error(`The spec's sums are in JPY; the reporting currency is ${reporting}.`);

const stamp = Date.now();
const admin = db.select().from(users).where(eq(users.email, E2E_STAFF.admin.email)).get()!;
putExchangeRates(admin, [{ currency: plan.secondCurrency, effectiveDate: "2020-01-01", rate: plan.rate }]);
// Other specs post many topics from this machine: the posting limits stay out of this one's way.
putSetting("communityRules", { ...DEFAULT_COMMUNITY_RULES, topicsPerHour: { new: 1000, basic: 1000, member: 1000, regular: 1000 } } as never);

async function member(accountId: number, email: string, name: string, locale: "en" | "ja") {
  const contact = createContact({ email, name, locale, accountId });
  const row = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, row.id)).run();
  putEmailFrequency(db, row.id, "instant", Date.now());
  return { contact, reader: await requireCommunityReader(getRequest("/community", await contactCookie(contact.id))) };
}

const accounts = plan.accounts.map((spec, i) =>
  createAccount({
    externalId: `ideas-e2e-${i + 1}-${stamp}`,
    name: `Ideas E2E ${i + 1} ${stamp}`,
    acvAmount: spec.acvMinor,
    acvCurrency: spec.currency,
    segment: spec.segment,
  }),
);
const voters: string[] = [];
for (const [i, spec] of plan.accounts.entries()) {
  if (!spec.locale) continue;
  const email = `ideas-voter-${i + 1}-${stamp}@e2e-customer.test`;
  await member(accounts[i].id, email, spec.locale === "ja" ? `投票 ${i + 1}` : `Voter ${i + 1}`, spec.locale);
  voters.push(email);
}
// The ideas' author is another member of the first account: that account asks once, not twice.
const author = await member(accounts[0].id, `ideas-author-${stamp}@e2e-customer.test`, "Idea Author", "en");
const wide = startTopic(author.reader, { category: "ideas", title: `Bulk edit of contacts ${stamp}`, body: "Editing contacts one by one takes hours." });
const deep = startTopic(author.reader, { category: "ideas", title: `SAML sign-on for the portal ${stamp}`, body: "Our security team requires SSO." });
const key = createApiKey({ name: `Ideas e2e ${stamp}`, scopes: ["ideas:read"] }, CLI_ACTOR).key;
process.stdout.write(
  [
    `IDEA_WIDE ${wide.topicId}`,
    `IDEA_DEEP ${deep.topicId}`,
    ...voters.map((email, i) => `VOTER_${i + 1} ${email}`),
    `LARGE ${accounts[accounts.length - 1].externalId}`,
    `KEY ${key}`,
    "",
  ].join("\n"),
);
