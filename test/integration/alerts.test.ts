import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { accounts, auditLog, cases, contacts, jobs, npsDaily, outbox, responses, settings, users } from "../../db/schema";
import "../../app/jobs.server";
import { digestNpsWeeks } from "../../app/domain/admin-digest";
import { categoryFor } from "../../app/domain/nps";
import { putSetting } from "../../app/models/settings.server";
import { ADMIN_DIGEST_AUDIT, ADMIN_DIGEST_JOB, scheduleAdminDigest, sendAdminDigest } from "../../app/services/admin-digest.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { runResponsePipeline } from "../../app/services/run-response-pipeline.server";
import { requestSlackTestMessage } from "../../app/services/update-alert-settings.server";
import { queueSlackDetractorAlert, SLACK_DETRACTOR_JOB, SLACK_REJECTED_AUDIT } from "../../app/services/slack-alerts.server";
import { db } from "../../app/utils/db.server";
import { renderEmail } from "../../app/utils/email.server";
import { emailTemplates } from "../../emails";
import { createAccount, createContact, createStaff } from "../factories";
import { outboxEmails } from "../factories/outbox";

/** A local stand-in for hooks.slack.com: records each POST and answers with the next queued status. */
type Received = { path: string; contentType: string | undefined; body: unknown };
const received: Received[] = [];
let answers: (number | "drop")[] = [];
const slack = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const answer = answers.shift() ?? 200;
    if (answer === "drop") {
      req.socket.destroy();
      return;
    }
    received.push({ path: req.url ?? "", contentType: req.headers["content-type"], body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
    res.writeHead(answer, { "Content-Type": "text/plain" });
    res.end(answer === 200 ? "ok" : answer === 404 ? "no_service" : "error");
  });
});
await new Promise<void>((resolve) => slack.listen(0, "127.0.0.1", resolve));
// Read by the env on first use, so set before anything asks for it.
process.env.SLACK_BASE_URL = `http://127.0.0.1:${(slack.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((resolve) => slack.close(() => resolve())));

const WEBHOOK = "https://hooks.slack.com/services/T0001/B0002/secretTokenXYZ";

function detractorResponse(
  options: { score?: number; comment?: string | null; segment?: "high" | "low" | "tech"; answeredAt?: number; acvAmount?: number } = {},
) {
  const csm = createStaff("csm", { name: "Yuki Tanaka" });
  const account = createAccount({
    name: "Sakura & Sons <Logistics>",
    segment: options.segment ?? "high",
    acvAmount: options.acvAmount ?? 3_600_000,
    acvCurrency: "JPY",
    renewalDate: "2026-06-30",
    csmUserId: csm.id,
  });
  const contact = createContact({ accountId: account.id, name: "Hanako Sato", locale: "en" });
  const score = options.score ?? 3;
  const at = options.answeredAt ?? Date.now();
  const response = db
    .insert(responses)
    .values({
      contactId: contact.id,
      accountId: account.id,
      score,
      comment: options.comment === undefined ? "Exports time out <!channel> & support is slow" : options.comment,
      category: categoryFor(score),
      locale: "en",
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
  return { csm, account, contact, response };
}

const slackJobs = () => db.select().from(jobs).where(eq(jobs.type, SLACK_DETRACTOR_JOB)).all();

beforeEach(() => {
  received.length = 0;
  answers = [];
  for (const table of [jobs, outbox, auditLog, cases, npsDaily, responses, contacts, accounts, settings]) db.delete(table).run();
  db.delete(users).run();
});

describe("Slack detractor alerts", () => {
  it("posts the alert for a recorded detractor, with escaped text and a link to the console", async () => {
    putSetting("alerts", { slackWebhookUrl: WEBHOOK });
    const { account, response } = detractorResponse();
    await runResponsePipeline(response.id);
    expect(slackJobs()).toHaveLength(1);
    expect(await runDueJobs()).toMatchObject({ done: 1 });

    expect(received).toHaveLength(1);
    const [post] = received;
    expect(post.path).toBe("/services/T0001/B0002/secretTokenXYZ");
    expect(post.contentType).toContain("application/json");
    const json = JSON.stringify(post.body);
    expect(json).not.toContain("<!channel>");
    expect(post.body).toMatchObject({ text: "Detractor at Sakura &amp; Sons &lt;Logistics&gt;: scored 3" });
    const blocks = (post.body as { blocks: { type: string; fields?: { text: string }[]; text?: { text: string }; elements?: { url: string }[] }[] }).blocks;
    expect(blocks[1].fields!.map((f) => f.text)).toEqual([
      "*Score*\n3 / 10",
      "*Contact*\nHanako Sato &lt;" + db.select().from(contacts).get()!.email + "&gt;",
      "*Account*\nSakura &amp; Sons &lt;Logistics&gt;",
      "*ACV*\n¥3,600,000",
      "*Segment*\nHigh touch",
      "*Renewal*\n2026-06-30",
    ]);
    expect(blocks[2].text!.text).toBe(">Exports time out &lt;!channel&gt; &amp; support is slow");
    // The case when the pipeline opened one, else the account.
    const followUp = db.select().from(cases).where(eq(cases.responseId, response.id)).get();
    const link = followUp ? `http://localhost:3000/cs/cases/${followUp.id}` : `http://localhost:3000/cs/accounts/${account.id}`;
    expect(blocks.at(-1)!.elements![0].url).toBe(link);
  });

  it("posts in the team's Slack language: Japanese when chosen, and by default for a team on Tokyo time", async () => {
    putSetting("alerts", { slackWebhookUrl: WEBHOOK, slackLanguage: "ja" });
    const { response } = detractorResponse();
    await runResponsePipeline(response.id);
    await runDueJobs();
    const body = received[0].body as { text: string; blocks: { type: string; fields?: { text: string }[]; text?: { text: string } }[] };
    expect(body.text).toBe("Sakura &amp; Sons &lt;Logistics&gt; で批判者の回答（3 点）");
    expect(body.blocks[0].text!.text).toBe("Sakura & Sons <Logistics> で批判者の回答: 3/10");
    expect(body.blocks[1].fields!.map((f) => f.text.split("\n")[0])).toEqual([
      "*スコア*",
      "*コンタクト*",
      "*アカウント*",
      "*年間契約額（ACV）*",
      "*セグメント*",
      "*更新日*",
    ]);
    expect(body.blocks[1].fields!.at(-2)!.text).toBe("*セグメント*\nハイタッチ");
    expect(body.blocks[1].fields!.at(-1)!.text).toBe("*更新日*\n2026年6月30日");

    // Nobody chose, the team is on Tokyo time: Japanese too; on UTC it stays English (the test above).
    received.length = 0;
    putSetting("alerts", { slackWebhookUrl: WEBHOOK });
    putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone: "Asia/Tokyo", holidays: [] });
    const second = detractorResponse();
    await runResponsePipeline(second.response.id);
    await runDueJobs();
    expect((received[0].body as { text: string }).text).toContain("で批判者の回答");
  });

  it("links to the account when there is no case", async () => {
    putSetting("alerts", { slackWebhookUrl: WEBHOOK });
    const { account, response } = detractorResponse({ segment: "tech", acvAmount: 1000 });
    db.delete(cases).run();
    queueSlackDetractorAlert(response.id);
    await runDueJobs();
    const blocks = (received[0].body as { blocks: { type: string; elements?: { url: string; text: { text: string } }[] }[] }).blocks;
    expect(blocks.at(-1)!.elements![0]).toMatchObject({ url: `http://localhost:3000/cs/accounts/${account.id}`, text: { text: "Open the account" } });
  });

  it("retries on a 500 (and a dropped connection) with backoff, then succeeds", async () => {
    putSetting("alerts", { slackWebhookUrl: WEBHOOK });
    const { response } = detractorResponse();
    answers = [500, "drop", 200];
    const jobId = queueSlackDetractorAlert(response.id)!;

    expect(await runDueJobs()).toMatchObject({ retried: 1, done: 0 });
    let job = db.select().from(jobs).where(eq(jobs.id, jobId)).get()!;
    expect(job).toMatchObject({ status: "queued", attempts: 1 });
    expect(job.lastError).toContain("HTTP 500");
    expect(job.runAt).toBeGreaterThan(Date.now());
    expect(await runDueJobs()).toMatchObject({ claimed: 0 });

    expect(await runDueJobs({ clock: () => job.runAt })).toMatchObject({ retried: 1 });
    job = db.select().from(jobs).where(eq(jobs.id, jobId)).get()!;
    expect(job.lastError).toContain("Slack could not be reached");
    expect(job.lastError).not.toContain("secretTokenXYZ");

    expect(await runDueJobs({ clock: () => job.runAt })).toMatchObject({ done: 1 });
    expect(received).toHaveLength(2); // the 500 and the success (the dropped one recorded nothing)
    expect(db.select().from(jobs).where(eq(jobs.id, jobId)).get()!.status).toBe("done");
  });

  it("retries on 429 too", async () => {
    putSetting("alerts", { slackWebhookUrl: WEBHOOK });
    const { response } = detractorResponse();
    answers = [429];
    queueSlackDetractorAlert(response.id);
    expect(await runDueJobs()).toMatchObject({ retried: 1 });
  });

  it("stops on a 404 (a revoked webhook): no retry, logged in the audit log without the URL", async () => {
    putSetting("alerts", { slackWebhookUrl: WEBHOOK });
    const { response } = detractorResponse();
    answers = [404];
    const jobId = queueSlackDetractorAlert(response.id)!;
    expect(await runDueJobs()).toMatchObject({ done: 1, retried: 0 });
    expect(db.select().from(jobs).where(eq(jobs.id, jobId)).get()!.status).toBe("done");
    expect(await runDueJobs({ clock: () => Date.now() + 7 * 86_400_000 })).toMatchObject({ claimed: 0 });
    expect(received).toHaveLength(1);
    const entry = db.select().from(auditLog).where(eq(auditLog.action, SLACK_REJECTED_AUDIT)).get()!;
    expect(entry.detail).toMatchObject({ status: 404 });
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain("secretTokenXYZ");
  });

  it("queues nothing while no webhook is set, and posts nothing if it was removed before the job ran", async () => {
    const { response } = detractorResponse();
    expect(queueSlackDetractorAlert(response.id)).toBeNull();
    await runResponsePipeline(response.id);
    expect(slackJobs()).toHaveLength(0);

    putSetting("alerts", { slackWebhookUrl: WEBHOOK });
    queueSlackDetractorAlert(response.id);
    putSetting("alerts", { slackWebhookUrl: null });
    expect(await runDueJobs()).toMatchObject({ done: 1 });
    expect(received).toHaveLength(0);
  });

  it("queues nothing for passives and promoters", async () => {
    putSetting("alerts", { slackWebhookUrl: WEBHOOK });
    await runResponsePipeline(detractorResponse({ score: 8 }).response.id);
    await runResponsePipeline(detractorResponse({ score: 10 }).response.id);
    expect(slackJobs()).toHaveLength(0);
  });

  it("is idempotent: the pipeline run again queues the same job, and one message is posted", async () => {
    putSetting("alerts", { slackWebhookUrl: WEBHOOK });
    const { response } = detractorResponse();
    await runResponsePipeline(response.id);
    await runResponsePipeline(response.id);
    const first = queueSlackDetractorAlert(response.id);
    expect(slackJobs()).toHaveLength(1);
    expect(first).toBe(slackJobs()[0].id);
    await runDueJobs();
    await runResponsePipeline(response.id);
    await runDueJobs();
    expect(slackJobs()).toHaveLength(1);
    expect(received).toHaveLength(1);
  });
});

describe("Slack test message", () => {
  it("posts a short message naming who asked, to the saved webhook", async () => {
    const admin = createStaff("admin", { name: "Aiko <Suzuki>" });
    putSetting("alerts", { slackWebhookUrl: WEBHOOK });
    requestSlackTestMessage({ id: admin.id, email: admin.email, name: admin.name, role: "admin" });
    expect(await runDueJobs()).toMatchObject({ done: 1 });
    expect(received).toHaveLength(1);
    expect(received[0].path).toBe("/services/T0001/B0002/secretTokenXYZ");
    expect((received[0].body as { text: string }).text).toContain("Test sent by Aiko &lt;Suzuki&gt;");
  });
});

describe("daily admin digest", () => {
  /** A zone where 08:00 has passed today, whatever the hour the tests run at. */
  const zonePastEight = () => (new Date().getUTCHours() >= 8 ? "UTC" : "Pacific/Kiritimati");
  const loop = (timeZone: string) => putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone, holidays: [] });
  const digests = () => outboxEmails(eq(outbox.template, "admin-digest"));

  it("is scheduled once per local day, however many workers ask and however often", () => {
    loop("Asia/Tokyo");
    // 07:59 in Tokyo: not yet.
    expect(scheduleAdminDigest(Date.parse("2026-11-23T22:59:00Z"))).toBeNull();
    const first = scheduleAdminDigest(Date.parse("2026-11-23T23:00:00Z"));
    const second = scheduleAdminDigest(Date.parse("2026-11-23T23:00:00Z")); // a second worker, same minute
    const later = scheduleAdminDigest(Date.parse("2026-11-24T09:00:00Z")); // after a restart, same Tokyo day
    expect(first).toEqual({ day: "2026-11-24", at: Date.parse("2026-11-23T23:00:00Z"), jobId: expect.any(Number) });
    expect(second?.jobId).toBe(first!.jobId);
    expect(later?.jobId).toBe(first!.jobId);
    const next = scheduleAdminDigest(Date.parse("2026-11-24T23:05:00Z"));
    expect(next?.day).toBe("2026-11-25");
    const queued = db.select().from(jobs).where(eq(jobs.type, ADMIN_DIGEST_JOB)).all();
    expect(queued.map((j) => j.uniqueKey)).toEqual(["alerts.admin-digest:2026-11-24", "alerts.admin-digest:2026-11-25"]);
    expect(queued[0]).toMatchObject({ payload: { day: "2026-11-24", at: Date.parse("2026-11-23T23:00:00Z") }, runAt: Date.parse("2026-11-23T23:00:00Z") });
  });

  it("emails every active admin once through the outbox: new detractors by stake, overdue cases, NPS week on week", async () => {
    loop(zonePastEight());
    const admin = createStaff("admin", { name: "Aiko Suzuki" });
    const second = createStaff("admin", { name: "Ren Mori" });
    createStaff("admin", { disabledAt: new Date() });
    createStaff("csm");
    const slot = scheduleAdminDigest(Date.now())!;

    // Two detractors in the 24 h before the slot, one before that (not new), one promoter.
    const big = detractorResponse({ score: 2, acvAmount: 9_000_000, answeredAt: slot.at - 3_600_000, comment: "Too slow\nfor our team" });
    const small = detractorResponse({ score: 5, segment: "low", acvAmount: 900_000, answeredAt: slot.at - 7_200_000, comment: null });
    detractorResponse({ answeredAt: slot.at - 2 * 86_400_000 });
    detractorResponse({ score: 10, answeredAt: slot.at - 3_600_000 });
    db.delete(cases).run();
    // One overdue case (open, due two days before the slot), one on time, one resolved.
    const overdue = db
      .insert(cases)
      .values({
        responseId: big.response.id,
        accountId: big.account.id,
        contactId: big.contact.id,
        ownerUserId: big.csm.id,
        status: "open",
        dueAt: slot.at - 2.5 * 86_400_000,
        createdAt: slot.at,
        updatedAt: slot.at,
      })
      .returning()
      .get();
    db.insert(cases)
      .values({
        responseId: small.response.id,
        accountId: small.account.id,
        contactId: small.contact.id,
        status: "contacted",
        dueAt: slot.at + 86_400_000,
        createdAt: slot.at,
        updatedAt: slot.at,
      })
      .run();
    // NPS: last week 10 promoters, the week before 10 detractors (a significant rise).
    const weeks = digestNpsWeeks(slot.day);
    const key = { campaignId: 0, segment: "high", csmUserId: 0, stage: "adoption", locale: "en" };
    db.insert(npsDaily)
      .values([
        { ...key, day: weeks.current.from, score: 10, responses: 10 },
        { ...key, day: weeks.previous.to, score: 1, responses: 10 },
      ])
      .run();

    expect(await runDueJobs()).toMatchObject({ done: 1 });
    const sent = digests();
    expect(sent.map((m) => m.toEmail).sort()).toEqual([admin.email, second.email].sort());
    const mail = sent.find((m) => m.toEmail === admin.email)!;
    expect(mail.locale).toBe("en");
    expect(mail.subject).toBe(`Kizuna digest for ${slot.day}: 2 new detractors · overdue follow-ups: 1`);
    expect(mail.text).toContain("Hi Aiko Suzuki,");
    expect(mail.html).toContain("2 new detractors in the last 24 hours");
    // Ranked by stake: the high-touch account first.
    expect(mail.text.indexOf("2/10 · Sakura & Sons <Logistics> · ACV ¥9,000,000")).toBeGreaterThan(-1);
    expect(mail.text.indexOf("2/10 · Sakura")).toBeLessThan(mail.text.indexOf("5/10 · Sakura"));
    expect(mail.text).toMatch(/^Too slow for our team$/m);
    expect(mail.html).toContain(`http://localhost:3000/cs/cases/${overdue.id}`);
    expect(mail.html).toContain(`http://localhost:3000/cs/cases/${db.select().from(cases).where(eq(cases.responseId, small.response.id)).get()!.id}`);
    expect(mail.html).toContain("1 follow-up case overdue");
    expect(mail.text).toContain("owner Yuki Tanaka");
    expect(mail.text).toContain("overdue by 2 days");
    expect(mail.text).toContain("Last 7 days: 100 ±0 (10 responses)");
    expect(mail.text).toContain("The 7 days before: -100 ±0 (10 responses)");
    expect(mail.text).toContain("Up 200 points. Larger than the sampling noise");

    // The job again (a crash after the emails were queued), or a second worker's scheduler: nothing more.
    expect(await sendAdminDigest(slot)).toEqual({ sent: 0, reason: "already-sent" });
    scheduleAdminDigest(Date.now());
    await runDueJobs();
    expect(digests()).toHaveLength(2);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, ADMIN_DIGEST_AUDIT), eq(auditLog.entityId, slot.day)))
        .all(),
    ).toHaveLength(1);
  });

  it("says there are no new detractors when only other news exists, and sends nothing when there is no news at all", async () => {
    loop(zonePastEight());
    const admin = createStaff("admin");
    const slot = { day: "2026-11-22", at: Date.now() - 60_000 };
    expect(await sendAdminDigest(slot)).toEqual({ sent: 0, reason: "nothing-to-report" });
    expect(digests()).toHaveLength(0);

    const weeks = digestNpsWeeks(slot.day);
    db.insert(npsDaily)
      .values({ day: weeks.current.to, campaignId: 0, segment: "low", csmUserId: 0, stage: "adoption", locale: "en", score: 8, responses: 3 })
      .run();
    expect(await sendAdminDigest(slot)).toEqual({ sent: 1 });
    const [mail] = digests();
    expect(mail.toEmail).toBe(admin.email);
    expect(mail.subject).toBe("Kizuna digest for 2026-11-22: no new detractors · overdue follow-ups: 0");
    expect(mail.text).toContain("No new detractors in the last 24 hours.");
    expect(mail.text).toContain("No follow-up case is overdue.");
    expect(mail.text).toContain("The 7 days before: no responses");
  });

  it("renders its preview in both languages without a missing string", async () => {
    for (const locale of ["en", "ja"] as const) {
      const email = await renderEmail("admin-digest", emailTemplates["admin-digest"].preview, locale);
      expect(email.html).toContain(`lang="${locale}"`);
    }
    const ja = await renderEmail("admin-digest", emailTemplates["admin-digest"].preview, "ja");
    expect(ja.subject).toBe("Kizuna ダイジェスト 2026-11-24: 新しい批判者 2 件・期限超過のフォロー 1 件");
  });
});
