import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { accounts, auditLog, campaigns, contacts, jobs, outbox, responseEvents, responses, suppressions } from "../../db/schema";
import "../../app/jobs/response-pipeline.server";
import { DEFAULT_SURVEY } from "../../app/domain/survey";
import { registerResponseHook, type RecordedResponse } from "../../app/services/response-hooks.server";
import { queueRecordedResponses } from "../../app/services/queue-recorded-responses.server";
import { RESPONSE_RECORDED_JOB, runResponsePipeline } from "../../app/services/run-response-pipeline.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { db, transaction } from "../../app/utils/db.server";
import { enqueueJob } from "../../app/utils/jobs.server";
import { createAccount, createContact, createStaff } from "../factories";
import { categoryFor } from "../../app/domain/nps";
import { outboxEmails } from "../factories/outbox";

const RULES = { throttleDays: 90, minAccountAgeDays: 30, samplePercent: null, dailyCap: null, reminderAfterDays: 3 };

function answer(
  score: number,
  options: { segment?: "high" | "low" | "tech"; csm?: boolean; csmDisabled?: boolean; locale?: "en" | "ja"; helpUrl?: string | null } = {},
) {
  const segment = options.segment ?? "high";
  const csm =
    options.csm === false || segment === "tech" ? null : createStaff("csm", { name: "Yuki Tanaka", disabledAt: options.csmDisabled ? new Date() : null });
  const account = createAccount({
    name: "Sakura Logistics",
    segment,
    acvAmount: 3_600_000,
    acvCurrency: "JPY",
    renewalDate: "2026-06-30",
    csmUserId: csm?.id ?? null,
  });
  const contact = createContact({ accountId: account.id, name: "Hanako Sato", locale: options.locale ?? "en" });
  const survey = { ...DEFAULT_SURVEY, helpUrl: options.helpUrl === undefined ? "https://help.example.com/start" : options.helpUrl };
  const campaign = db
    .insert(campaigns)
    .values({ name: "Spring wave", status: "sent", targeting: {}, rules: RULES, survey, createdAt: Date.now() })
    .returning()
    .get();
  const now = Date.now();
  const response = db
    .insert(responses)
    .values({
      campaignId: campaign.id,
      contactId: contact.id,
      accountId: account.id,
      score,
      comment: score <= 6 ? "Exports keep timing out." : null,
      category: categoryFor(score),
      locale: contact.locale,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  return { csm, account, contact, response };
}

const queueJob = (responseId: number) => transaction((tx) => enqueueJob(tx, RESPONSE_RECORDED_JOB, { responseId }));
const mails = (template: string) => outboxEmails(eq(outbox.template, template));

let removeHooks: (() => void)[] = [];

beforeEach(() => {
  for (const table of [responseEvents, jobs, outbox, auditLog, responses, campaigns, suppressions, contacts, accounts]) db.delete(table).run();
});
afterEach(() => {
  removeHooks.forEach((remove) => remove());
  removeHooks = [];
});

describe("response pipeline", () => {
  it("alerts the CSM of a high-touch detractor once, with score, comment, ACV, renewal and a console link", async () => {
    const { csm, account, contact, response } = answer(3);
    queueJob(response.id);
    expect(await runDueJobs()).toMatchObject({ done: 1 });
    const [alert] = mails("detractor-alert");
    expect(alert.toEmail).toBe(csm!.email);
    expect(alert.replyTo).toBe(contact.email);
    expect(alert.subject).toBe("Detractor at Sakura Logistics: scored 3");
    expect(alert.text).toContain("Exports keep timing out.");
    expect(alert.text).toMatch(/ACV: ¥3,600,000/);
    expect(alert.text).toContain("Renews on Jun 30, 2026");
    expect(alert.html).toContain(`http://localhost:3000/cs/accounts/${account.id}`);

    // The job runs again (a crash after the email was queued): nothing is sent twice.
    queueJob(response.id);
    await runDueJobs();
    expect(await runResponsePipeline(response.id)).toEqual({ followUp: "already-sent" });
    expect(mails("detractor-alert")).toHaveLength(1);
  });

  it("alerts for low touch too, but not for passives, promoters, or accounts without an active CSM", async () => {
    expect((await runResponsePipeline(answer(5, { segment: "low" }).response.id)).followUp).toBe("alerted-csm");
    expect((await runResponsePipeline(answer(7).response.id)).followUp).toBe("not-a-detractor");
    expect((await runResponsePipeline(answer(10).response.id)).followUp).toBe("not-a-detractor");
    expect((await runResponsePipeline(answer(2, { csm: false }).response.id)).followUp).toBe("no-active-csm");
    expect((await runResponsePipeline(answer(2, { csmDisabled: true }).response.id)).followUp).toBe("no-active-csm");
    expect(mails("detractor-alert")).toHaveLength(1);
  });

  it("sends a tech-touch detractor a help email in their language, with the survey's help link, once", async () => {
    const { contact, response } = answer(4, { segment: "tech", locale: "ja" });
    expect(await runResponsePipeline(response.id)).toEqual({ followUp: "sent-help" });
    expect(await runResponsePipeline(response.id)).toEqual({ followUp: "already-sent" });
    const help = mails("detractor-help");
    expect(help).toHaveLength(1);
    expect(help[0]).toMatchObject({ toEmail: contact.email, locale: "ja", contactId: contact.id });
    expect(help[0].subject).toContain("ご意見ありがとうございます");
    expect(help[0].html).toContain("https://help.example.com/start");
    expect(mails("detractor-alert")).toHaveLength(0);
  });

  it("points to the portal without a help link, and sends nothing to opted-out addresses", async () => {
    const { response } = answer(1, { segment: "tech", helpUrl: null });
    await runResponsePipeline(response.id);
    expect(mails("detractor-help")[0].html).toContain("http://localhost:3000/portal");

    const suppressed = answer(1, { segment: "tech" });
    db.insert(suppressions).values({ email: suppressed.contact.email, reason: "complained", createdAt: Date.now() }).run();
    expect((await runResponsePipeline(suppressed.response.id)).followUp).toBe("contact-opted-out");
    const unsubscribed = answer(1, { segment: "tech" });
    db.update(contacts).set({ unsubscribedAt: new Date() }).where(eq(contacts.id, unsubscribed.contact.id)).run();
    expect((await runResponsePipeline(unsubscribed.response.id)).followUp).toBe("contact-opted-out");
    expect(mails("detractor-help")).toHaveLength(1);
  });

  it("calls the registered hooks with the response", async () => {
    const seen: RecordedResponse[] = [];
    removeHooks.push(registerResponseHook("test-scores", (response) => void seen.push(response)));
    const { response, account } = answer(9);
    await runResponsePipeline(response.id);
    expect(seen).toEqual([expect.objectContaining({ responseId: response.id, accountId: account.id, score: 9, category: "promoter" })]);
  });

  it("keeps the response and retries the job when a hook fails; the alert is not sent twice", async () => {
    let failures = 1;
    removeHooks.push(
      registerResponseHook("flaky-scores", () => {
        if (failures-- > 0) throw new Error("score store unavailable");
      }),
    );
    const { response } = answer(2);
    const jobId = queueJob(response.id);
    const first = await runDueJobs();
    expect(first).toMatchObject({ retried: 1, done: 0 });
    const job = db.select().from(jobs).where(eq(jobs.id, jobId)).get()!;
    expect(job).toMatchObject({ status: "queued" });
    expect(job.lastError).toContain("flaky-scores (score store unavailable)");
    expect(db.select().from(responses).where(eq(responses.id, response.id)).get()).toBeDefined();

    expect(await runDueJobs({ clock: () => job.runAt })).toMatchObject({ done: 1 });
    expect(mails("detractor-alert")).toHaveLength(1);
  });

  it("finishes quietly for a response deleted before the job ran, and dead-letters a malformed payload", async () => {
    expect(await runResponsePipeline(987_654)).toEqual({ followUp: "response-gone" });
    const id = transaction((tx) => enqueueJob(tx, RESPONSE_RECORDED_JOB, { responseId: "x" }, { maxAttempts: 1 }));
    expect(await runDueJobs()).toMatchObject({ dead: 1 });
    expect(db.select().from(jobs).where(eq(jobs.id, id)).get()!.lastError).toContain("responseId");
  });

  it("hands recorded answers to the pipeline in order, each exactly once, a batch at a time", async () => {
    const answers = [answer(2), answer(9), answer(5)];
    db.insert(responseEvents)
      .values(answers.map(({ response }) => ({ responseId: response.id })))
      .run();
    expect(queueRecordedResponses(Date.now(), 2)).toBe(2);
    expect(
      db
        .select()
        .from(responseEvents)
        .all()
        .map((e) => e.responseId),
    ).toEqual([answers[2].response.id]);
    expect(queueRecordedResponses(Date.now(), 2)).toBe(1);
    expect(queueRecordedResponses(Date.now(), 2)).toBe(0);
    const queued = db.select().from(jobs).where(eq(jobs.type, RESPONSE_RECORDED_JOB)).orderBy(jobs.id).all();
    expect(queued.map((j) => j.payload)).toEqual(answers.map(({ response }) => ({ responseId: response.id })));
    expect(await runDueJobs()).toMatchObject({ done: 3 });
    expect(mails("detractor-alert")).toHaveLength(2);
  });
});
