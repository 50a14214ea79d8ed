import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, outboxBodies } from "../../db/schema";
// Registers the campaign jobs' handlers (the fan-out writes the invitations).
import "../../app/jobs/campaigns.server";
import { loader as continueLoader } from "../../app/routes/login_.$token";
import { loader as detailLoader } from "../../app/routes/cs.outbox.$id";
import { loader as previewLoader, OUTBOX_PREVIEW_CSP } from "../../app/routes/cs.outbox.$id.preview";
import { loader as answerLoader } from "../../app/routes/s.$token";
import { loader as unsubscribeLoader } from "../../app/routes/u.$token";
import { deliverOutbox, resetDeliveryPause } from "../../app/services/deliver-outbox.server";
import { createAndLaunchCampaign } from "../../app/services/launch-campaign.server";
import { requestMagicLink } from "../../app/services/request-magic-link.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { sha256 } from "../../app/utils/crypto.server";
import { db, sqlite, transaction } from "../../app/utils/db.server";
import { enqueueEmail } from "../../app/utils/email.server";
import { invitationTokens } from "../../app/utils/invitation-tokens.server";
import { startFakeResend } from "../fake-resend/server";
import { createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";
import { outboxEmail } from "../factories/outbox";

/*
 * The attack of issue 11, point 2: an admin (or whoever holds a copy of the database or a backup)
 * reads the outbox to get a customer's working sign-in, survey or unsubscribe link. Three emails
 * are queued through the real flows; every token-shaped string in their rows, their console page
 * and their preview is tried against the real routes and the stored hashes. The emails the fake
 * Resend receives must still work.
 */

const fake = await startFakeResend();
process.env.RESEND_API_KEY = "re_test_links_0123456789";
process.env.RESEND_BASE_URL = fake.url;
afterAll(() => fake.close());

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: ResponseInit | null }).init?.status ?? 200;
}
async function settle(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (thrown) {
    return thrown;
  }
}

/** Every run of URL-safe characters long enough to be a token (ours are 43). */
function tokenCandidates(text: string): string[] {
  return [...new Set(text.match(/[A-Za-z0-9_-]{20,}/g) ?? [])];
}

/** What a token-shaped string opens, tried the way an attacker would: every link route, and every stored hash. */
async function opens(candidate: string): Promise<string[]> {
  const opened: string[] = [];
  const hash = sha256(candidate);
  const stored = sqlite()
    .prepare(
      `SELECT 'magic_links' AS t FROM magic_links WHERE token_hash = ?1
       UNION ALL SELECT 'invitations' FROM invitations WHERE token_hash = ?1 OR unsubscribe_token_hash = ?1`,
    )
    .all({ 1: hash });
  if (stored.length > 0) opened.push(`hash in ${JSON.stringify(stored)}`);
  if (statusOf(await settle(continueLoader(args(getRequest(`/login/${candidate}`), { token: candidate })))) === 200) opened.push("/login");
  if (statusOf(await settle(answerLoader(args(getRequest(`/s/${candidate}`), { token: candidate })))) === 200) opened.push("/s");
  if (statusOf(await settle(unsubscribeLoader(args(getRequest(`/u/${candidate}`), { token: candidate })))) === 200) opened.push("/u");
  return opened;
}

async function workingTokensIn(text: string): Promise<string[]> {
  const working: string[] = [];
  for (const candidate of tokenCandidates(text)) if ((await opens(candidate)).length > 0) working.push(candidate);
  return working;
}

let admin: string;
let magicLinkRow: number;
let invitationRow: number;
const customer = { email: "hanako.links@example.jp" };

beforeAll(async () => {
  resetDeliveryPause();
  admin = await staffCookie(createStaff("admin").id);
  const account = createAccount({ segment: "low", startDate: "2020-01-01" });
  const contact = createContact({ accountId: account.id, email: customer.email, name: "Hanako", locale: "ja" });
  await requestMagicLink({ email: customer.email, ip: "198.51.100.7" });
  const launcher = createStaff("admin");
  createAndLaunchCampaign({ user: { id: launcher.id, email: launcher.email, name: launcher.name, role: launcher.role } }, { name: "Links wave" });
  await runDueJobs();
  const rows = db.select({ id: outbox.id, template: outbox.template }).from(outbox).where(eq(outbox.contactId, contact.id)).all();
  magicLinkRow = rows.find((r) => r.template === "magic-link")!.id;
  invitationRow = rows.find((r) => r.template === "nps-invitation")!.id;
});

async function consoleViews(id: number): Promise<string> {
  const page = await detailLoader(args(getRequest(`/cs/outbox/${id}`, admin), { id: String(id) }));
  const preview = await previewLoader(args(getRequest(`/cs/outbox/${id}/preview`, admin), { id: String(id) }));
  expect(preview.status).toBe(200);
  const html = await preview.text();
  expect(html).not.toMatch(/<script/i);
  return JSON.stringify(page) + html;
}

function storedRow(id: number): string {
  return JSON.stringify(sqlite().prepare("SELECT o.*, b.html, b.text FROM outbox o LEFT JOIN outbox_bodies b ON b.outbox_id = o.id WHERE o.id = ?").get(id));
}

describe("no working link at rest", () => {
  it("the queued sign-in, invitation and unsubscribe links are in no outbox row, console page or preview", async () => {
    for (const id of [magicLinkRow, invitationRow]) {
      expect(storedRow(id)).toMatch(/\/(login|s|u)\//);
      expect(await workingTokensIn(storedRow(id))).toEqual([]);
      const views = await consoleViews(id);
      expect(views).toContain("••••••••");
      expect(await workingTokensIn(views)).toEqual([]);
    }
    // The invitation's unsubscribe header too.
    expect(storedRow(invitationRow)).toContain("List-Unsubscribe");
  });

  it("the preview is its own document: inline styles, no script, sandboxed, framed only by the console", async () => {
    const preview = await previewLoader(args(getRequest(`/cs/outbox/${invitationRow}/preview`, admin), { id: String(invitationRow) }));
    expect(preview.headers.get("Content-Security-Policy")).toBe(OUTBOX_PREVIEW_CSP);
    expect(OUTBOX_PREVIEW_CSP).toMatch(/default-src 'none'/);
    expect(OUTBOX_PREVIEW_CSP).toMatch(/style-src 'unsafe-inline'/);
    expect(OUTBOX_PREVIEW_CSP).not.toMatch(/script-src/);
    expect(OUTBOX_PREVIEW_CSP).toMatch(/(^|; )sandbox(;|$)/);
    expect(OUTBOX_PREVIEW_CSP).toMatch(/frame-ancestors 'self'/);
    expect(preview.headers.get("Content-Type")).toContain("text/html");
    expect(preview.headers.get("Cache-Control")).toBe("no-store");
    const signedOut = await settle(previewLoader(args(getRequest(`/cs/outbox/${invitationRow}/preview`), { id: String(invitationRow) })));
    expect(statusOf(signedOut)).toBe(302);
    const viewer = await staffCookie(createStaff("viewer").id);
    expect(statusOf(await settle(previewLoader(args(getRequest(`/cs/outbox/${invitationRow}/preview`, viewer), { id: String(invitationRow) }))))).toBe(403);
    expect(statusOf(await settle(previewLoader(args(getRequest("/cs/outbox/999999/preview", admin), { id: "999999" }))))).toBe(404);
  });

  it("the emails that reach the provider carry working links, and the outbox still holds none after sending", async () => {
    for (let i = 0; i < 5; i++) if ((await deliverOutbox()).claimed === 0) break;
    const received = fake.emails({ to: customer.email });
    expect(received.map((e) => e.subject).length).toBe(2);
    const all = received.map((e) => `${e.html}\n${e.text}\n${JSON.stringify(e.headers)}`).join("\n");

    // The detector finds working tokens where there are some.
    expect((await workingTokensIn(all)).length).toBeGreaterThanOrEqual(3);
    const signIn = /\/login\/([A-Za-z0-9_-]{43})/.exec(all)![1];
    const survey = /\/s\/([A-Za-z0-9_-]{43})\?score=/.exec(all)![1];
    const unsubscribe = /\/u\/([A-Za-z0-9_-]{43})/.exec(all)![1];
    expect(await opens(signIn)).toContain("/login");
    expect(await opens(survey)).toContain("/s");
    expect(await opens(unsubscribe)).toContain("/u");
    // The List-Unsubscribe header works as well.
    const header = received.find((e) => e.headers["List-Unsubscribe"])!.headers["List-Unsubscribe"];
    expect(header).toContain(`/u/${unsubscribe}`);

    for (const id of [magicLinkRow, invitationRow]) {
      expect(sqlite().prepare("SELECT status FROM outbox WHERE id = ?").get(id)).toEqual({ status: "sent" });
      for (const token of [signIn, survey, unsubscribe]) {
        expect(storedRow(id)).not.toContain(token);
        expect(await consoleViews(id)).not.toContain(token);
      }
    }
  });

  it("the outbox refuses to write an email holding a working link: tokens go in as slots", () => {
    const token = "A".repeat(43);
    for (const body of [`<a href="https://x.example/login/${token}">in</a>`, `https://x.example/s/${token}?score=9`, `https://x.example/u/${token}`]) {
      expect(() =>
        transaction((tx) => enqueueEmail(tx, { template: "magic-link", to: "someone@example.com", subject: "Hi", html: body, text: body, locale: "en" })),
      ).toThrow(/working sign-in, survey or unsubscribe link/);
    }
    // An email with slots must not also carry the very token a slot stands for.
    const own = invitationTokens(1, 2).surveyToken;
    expect(() =>
      transaction((tx) =>
        enqueueEmail(tx, {
          template: "nps-invitation",
          to: "someone@example.com",
          subject: "Hi",
          html: `<a href="https://x.example/s/KZSURVEYTOKEN">ok</a> ${own}`,
          text: "ok",
          locale: "en",
          links: { kind: "invitation", campaignId: 1, contactId: 2 },
        }),
      ),
    ).toThrow(/working sign-in, survey or unsubscribe link/);
  });

  it("an email queued before slots existed is masked in the console, and its body is dropped once the provider has it", async () => {
    const token = "legacyToken_0123456789abcdefghijklmnopqrstu";
    const now = Date.now();
    const { id } = db
      .insert(outbox)
      .values({
        template: "magic-link",
        toEmail: "legacy@example.com",
        fromEmail: "Kizuna <nps@kizuna.test>",
        subject: "Your sign-in link",
        headers: {},
        tags: [],
        locale: "en",
        nextAttemptAt: now,
        createdAt: now,
      })
      .returning({ id: outbox.id })
      .get();
    db.insert(outboxBodies)
      .values({ outboxId: id, html: `<a href="https://kizuna.example/login/${token}">Sign in</a>`, text: `https://kizuna.example/login/${token}` })
      .run();
    const views = await consoleViews(id);
    expect(views).not.toContain(token);
    expect(views).toContain("/login/••••••••");
    for (let i = 0; i < 5; i++) if ((await deliverOutbox()).claimed === 0) break;
    expect(fake.emails({ to: "legacy@example.com" })[0].text).toContain(token);
    expect(outboxEmail(eq(outbox.id, id))).toMatchObject({ status: "sent", html: "", text: "", headers: {} });
    expect(db.select().from(outboxBodies).where(eq(outboxBodies.outboxId, id)).all()).toEqual([]);
    expect(storedRow(id)).not.toContain(token);
  });
});
