/**
 * Run against the e2e server's database (DATABASE_URL): a tech-touch customer whose company domain
 * nobody else has, so that people at it can join the community by that domain and its account 360
 * counts only the story's members. Prints `ACCOUNT <id>` and `DOMAIN <domain>`.
 */
import { createAccount } from "../factories";

const stamp = Date.now();
const domain = `mirai-${stamp}.example`;
const account = createAccount({
  name: "みらい製作所",
  externalId: `e2e-story-${stamp}`,
  domain,
  segment: "tech",
  acvAmount: 360_000,
  acvCurrency: "JPY",
  startDate: "2025-04-01",
});
process.stdout.write(`ACCOUNT ${account.id}\nDOMAIN ${domain}\n`);
