/**
 * Run against the e2e server's database (DATABASE_URL): a low-touch account owned by the E2E CSM
 * that started two days ago, with a Japanese contact, enrolled in a guide of its own (assigned to
 * the renewal stage, so no other spec's account is enrolled). Prints `ACCOUNT <id>`,
 * `NAME <account name>`, `EMAIL <contact email>`.
 */
import { eq } from "drizzle-orm";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { publishGuides } from "../../app/services/publish-guides.server";
import { db } from "../../app/utils/db.server";
import { users } from "../../db/schema";
import { createAccount, createContact } from "../factories";
import { E2E_STAFF } from "./fixtures";

const stamp = Date.now();
const csm = db.select().from(users).where(eq(users.email, E2E_STAFF.csm.email)).get()!;
const account = createAccount({
  externalId: `onb-stall-${stamp}`,
  name: `停滞テスト株式会社 ${stamp}`,
  segment: "low",
  stage: "renewal",
  csmUserId: csm.id,
  startDate: new Date(stamp - 2 * 86_400_000).toISOString().slice(0, 10),
});
const contact = createContact({ accountId: account.id, email: `ichiro-${stamp}@e2e-onboarding.test`, name: "田中 一郎", locale: "ja" });
const published = publishGuides(CLI_ACTOR, {
  guides: [
    {
      key: `e2e-stall-${stamp}`,
      name: { en: "E2E onboarding", ja: "E2E オンボーディング" },
      stages: ["renewal"],
      steps: [
        {
          key: "connect",
          title: { en: "Connect your data", ja: "データを接続する" },
          body: { en: "Open **Settings → Sources**.", ja: "**設定 → ソース** を開きます。" },
          scope: "account",
          doneWhen: { event: "source_connected" },
        },
        { key: "report", title: { en: "First report", ja: "最初のレポート" }, scope: "account", doneWhen: { event: "report_created" }, firstValue: true },
      ],
    },
  ],
});
if (!published.ok) throw new Error(`publishing failed: ${JSON.stringify(published)}`);
process.stdout.write(`ACCOUNT ${account.id}\nNAME ${account.name}\nEMAIL ${contact.email}\n`);
