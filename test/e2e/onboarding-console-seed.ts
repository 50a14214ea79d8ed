/**
 * Run against the e2e server's database (DATABASE_URL): a guide of three steps assigned to nobody
 * the other specs make (high touch, renewal), and four accounts of the March 2025 cohort enrolled by
 * an admin with hand-built progress — TTV 2, 6 and 10 days and one stalled on "invite": median 6,
 * p75 8; the funnel connect 4, invite 2 (drop-off 2), report 3. Prints `GUIDE <id>`, `KEY <key>`,
 * `STALLED <account name>`.
 */
import { eq } from "drizzle-orm";
import { guideEnrolments, guides, guideStepCompletions } from "../../db/schema";
import { enrolmentOfAccount } from "../../app/models/guide-progress.server";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { enrolGuideAccounts } from "../../app/services/enrol-guide-accounts.server";
import { publishGuides } from "../../app/services/publish-guides.server";
import { db } from "../../app/utils/db.server";
import { createAccount } from "../factories";

const stamp = Date.now();
const key = `e2e-onboarding-${stamp}`;
const DAY = 86_400_000;
const step = (stepKey: string, en: string, ja: string, firstValue = false) => ({
  key: stepKey,
  title: { en, ja },
  body: { en: `${en}: open **Settings**.`, ja: `${ja}：**設定** を開きます。` },
  scope: "account",
  doneWhen: { event: `${stepKey}_done` },
  ...(firstValue ? { firstValue: true } : {}),
});
const published = publishGuides(CLI_ACTOR, {
  guides: [
    {
      key,
      name: { en: `Get started ${stamp}`, ja: `はじめに ${stamp}` },
      segments: ["high"],
      stages: ["renewal"],
      targetDays: 7,
      steps: [
        step("connect", "Connect your data", "データを接続する"),
        step("invite", "Invite a teammate", "チームメンバーを招待する"),
        step("report", "Create a report", "レポートを作成する", true),
      ],
    },
  ],
});
if (!published.ok) throw new Error(JSON.stringify(published.errors));
const guideId = db.select({ id: guides.id }).from(guides).where(eq(guides.key, key)).get()!.id;

const plan: { ttv: number | null; done: string[]; stalled?: boolean; acv: number }[] = [
  { ttv: 2, done: ["connect", "invite", "report"], acv: 1_000_000 },
  { ttv: 6, done: ["connect", "report"], acv: 2_000_000 },
  { ttv: 10, done: ["connect", "invite", "report"], acv: 3_000_000 },
  { ttv: null, done: ["connect"], stalled: true, acv: 9_000_000 },
];
const accounts = plan.map((entry, index) =>
  createAccount({
    externalId: `e2e-ob-${stamp}-${index}`,
    name: `Onboarding Co ${index} ${stamp}`,
    segment: "high",
    stage: "renewal",
    startDate: `2025-03-0${index + 1}`,
    acvAmount: entry.acv,
    acvCurrency: "JPY",
  }),
);
enrolGuideAccounts(CLI_ACTOR, guideId, { segments: [], stages: [], externalIds: accounts.map((a) => a.externalId), nudges: false });
const now = Date.now();
plan.forEach((entry, index) => {
  const account = accounts[index];
  const enrolment = enrolmentOfAccount(account.id)!;
  const start = Date.parse(`${account.startDate}T00:00:00Z`);
  entry.done.forEach((stepKey, i) =>
    db
      .insert(guideStepCompletions)
      .values({ enrolmentId: enrolment.id, stepKey, doneAt: start + (i + 1) * 3_600_000, source: "admin" })
      .run(),
  );
  db.update(guideEnrolments)
    .set({
      doneSteps: entry.done.length,
      ttvDays: entry.ttv,
      activatedAt: entry.ttv === null ? null : start + entry.ttv * DAY,
      lastProgressAt: start + entry.done.length * 3_600_000,
      stalledAt: entry.stalled ? now - DAY : null,
    })
    .where(eq(guideEnrolments.id, enrolment.id))
    .run();
});
process.stdout.write(`GUIDE ${guideId}\nKEY ${key}\nSTALLED ${accounts[3].name}\n`);
