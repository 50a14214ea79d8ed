/**
 * Run against the e2e server's database (DATABASE_URL): a tech-touch account that starts today with
 * two people, and an API key for the product (guides, events, onboarding progress). Prints
 * `KEY <key>`, `ACCOUNT <externalId>`, `MEMBER <email>`, `TEAMMATE <email>`, `STAMP <n>`.
 */
import { CLI_ACTOR } from "../../app/services/actor.server";
import { createApiKey } from "../../app/services/create-api-key.server";
import { createAccount, createContact } from "../factories";

const stamp = Date.now();
const today = new Date().toISOString().slice(0, 10);
const account = createAccount({
  externalId: `onboarding-${stamp}`,
  name: `Onboarding Robotics ${stamp}`,
  domain: `onboarding-${stamp}.example`,
  segment: "tech",
  stage: "onboarding",
  startDate: today,
});
const member = createContact({ email: `hana@onboarding-${stamp}.example`, name: "Hana Onboarding", locale: "en", accountId: account.id });
const teammate = createContact({ email: `ken@onboarding-${stamp}.example`, name: "Ken Teammate", locale: "en", accountId: account.id });
const { key } = createApiKey({ name: `Product ${stamp}`, scopes: ["guides:write", "guides:read", "events:write", "onboarding:read"] }, CLI_ACTOR);

console.log(`KEY ${key}`);
console.log(`ACCOUNT ${account.externalId}`);
console.log(`MEMBER ${member.email}`);
console.log(`TEAMMATE ${teammate.email}`);
console.log(`STAMP ${stamp}`);
