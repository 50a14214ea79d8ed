import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, invitations, jobs, responseChanges, responseEvents, responses } from "../../db/schema";
import { LINK_SLOTS } from "../../app/domain/email-links";
import { COMMENT_MAX_LENGTH, DEFAULT_SURVEY } from "../../app/domain/survey";
import { action as answerAction, headers as answerHeaders, loader as answerLoader } from "../../app/routes/s.$token";
import { action as thanksAction, loader as thanksLoader } from "../../app/routes/s.$token_.thanks";
import { action as portalSurveyAction, loader as portalSurveyLoader } from "../../app/routes/portal.survey.$invitationId";
import { loader as portalHomeLoader } from "../../app/routes/portal._index";
import { queueRecordedResponses } from "../../app/services/queue-recorded-responses.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { RESPONSE_RECORDED_JOB } from "../../app/services/run-response-pipeline.server";
import { db, sqlite } from "../../app/utils/db.server";
import { contactCookie, formRequest, getRequest } from "../factories";
import { createInvitation } from "../factories/nps";
import { writtenOut } from "../factories/outbox";

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;
const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: ResponseInit | null }).init?.status ?? 200;
}
function headersOf(result: unknown): Headers {
  if (result instanceof Response) return result.headers;
  return new Headers((result as { init?: ResponseInit | null }).init?.headers);
}
function payloadOf<T>(result: unknown): T {
  return (result as { data: T }).data;
}
const totalChanges = () => (sqlite().prepare("SELECT total_changes() AS n").get() as { n: number }).n;

async function load(token: string, search = "", headers: Record<string, string> = {}) {
  return answerLoader(args(getRequest(`/s/${token}${search}`, undefined, headers), { token }));
}
async function answer(token: string, form: Record<string, string>, ip = freshIp()) {
  try {
    return await answerAction(args(formRequest(`/s/${token}`, form, undefined, { "x-kizuna-client-ip": ip }), { token }));
  } catch (thrown) {
    return thrown;
  }
}
const responsesOf = (invitationId: number) => db.select().from(responses).where(eq(responses.invitationId, invitationId)).all();

describe("the answer page (GET)", () => {
  it("shows the question with the clicked score preselected, writes nothing, and keeps the token private", async () => {
    const { token } = createInvitation();
    const before = totalChanges();
    const result = await load(token, "?score=3");
    expect(statusOf(result)).toBe(200);
    const page = payloadOf<{ state: string; language: string; view: { question: string; score: number | null; followUps: Record<string, string> } }>(result);
    expect(page.state).toBe("open");
    expect(page.language).toBe("en");
    expect(page.view.question).toBe("How likely are you to recommend Kizuna to a friend or colleague?");
    expect(page.view.score).toBe(3);
    expect(page.view.followUps.detractor).toBe(DEFAULT_SURVEY.followUp.detractor.en);
    expect(totalChanges()).toBe(before);

    const headers = answerHeaders({ loaderHeaders: headersOf(result), actionHeaders: new Headers(), parentHeaders: new Headers(), errorHeaders: undefined });
    expect(new Headers(headers).get("Cache-Control")).toBe("no-store");
    expect(new Headers(headers).get("Referrer-Policy")).toBe("same-origin");
    expect(new Headers(headers).get("X-Robots-Tag")).toBe("noindex");
  });

  it("ignores a score that is not 0–10 instead of failing", async () => {
    const { token } = createInvitation();
    for (const search of ["?score=11", "?score=-1", "?score=abc", "?score=", ""]) {
      const result = await load(token, search);
      expect(statusOf(result)).toBe(200);
      expect(payloadOf<{ view: { score: number | null } }>(result).view.score).toBeNull();
    }
  });

  it("answers unknown and malformed tokens with a friendly 404", async () => {
    for (const token of ["nope", "A".repeat(43), "A".repeat(44), "../../etc"]) {
      const result = await load(token);
      expect(statusOf(result)).toBe(404);
      expect(payloadOf<{ state: string }>(result).state).toBe("not-found");
    }
  });

  it("speaks Japanese to a Japanese contact", async () => {
    const { token } = createInvitation({ locale: "ja" });
    const page = payloadOf<{ language: string; view: { question: string } }>(await load(token, "?score=9"));
    expect(page.language).toBe("ja");
    expect(page.view.question).toBe("Kizunaを友人や同僚に薦める可能性はどのくらいありますか？");
  });

  it("says a closed or cancelled survey has closed (410)", async () => {
    for (const status of ["closed", "cancelled"] as const) {
      const { token } = createInvitation({ campaign: { status } });
      const result = await load(token, "?score=5");
      expect(statusOf(result)).toBe(410);
      expect(payloadOf<{ state: string }>(result).state).toBe("closed");
    }
    const { token } = createInvitation({ campaign: { closesAt: Date.now() - 1000 } });
    expect(statusOf(await load(token))).toBe(410);
  });
});

describe("every link in the email, fetched by a scanner", () => {
  it("GET and HEAD of score and unsubscribe links write nothing and consume nothing", async () => {
    const { token, unsubscribeToken, invitation } = createInvitation();
    const { loader: unsubscribeLoader } = await import("../../app/routes/u.$token");
    const before = totalChanges();
    for (const method of ["GET", "HEAD"]) {
      for (const ua of ["Mozilla/5.0 (compatible; Barracuda Sentinel)", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"]) {
        for (let score = 0; score <= 10; score++) {
          const request = new Request(`http://localhost/s/${token}?score=${score}`, { method, headers: { "User-Agent": ua } });
          expect(statusOf(await answerLoader(args(request, { token })))).toBe(200);
        }
        const request = new Request(`http://localhost/u/${unsubscribeToken}`, { method, headers: { "User-Agent": ua } });
        expect(statusOf(await unsubscribeLoader(args(request, { token: unsubscribeToken })))).toBe(200);
      }
    }
    expect(totalChanges()).toBe(before);
    expect(responsesOf(invitation.id)).toHaveLength(0);
    // The link still works for the person afterwards.
    expect(statusOf(await answer(token, { score: "8", comment: "" }))).toBe(303);
  });
});

describe("every link in a rendered invitation email", () => {
  it("GET and HEAD of each (honeypot aside) change nothing, with a scanner's user agent or without", async () => {
    const { token, unsubscribeToken, invitation, contactId } = createInvitation({ locale: "ja" });
    const { renderInvitationTemplates, personalizeInvitation } = await import("../../app/services/nps-email.server");
    const { loader: unsubscribeLoader } = await import("../../app/routes/u.$token");
    for (const kind of ["invitation", "reminder"] as const) {
      const templates = await renderInvitationTemplates({ id: invitation.campaignId, name: "Wave", survey: DEFAULT_SURVEY }, kind);
      const stored = writtenOut(personalizeInvitation(templates.ja, { contactId, name: "佐藤" }));
      // The factory's invitation has random tokens: put them where the worker would put derived ones.
      const html = stored.html.replaceAll(LINK_SLOTS.survey, token).replaceAll(LINK_SLOTS.unsubscribe, unsubscribeToken);
      const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => new URL(m[1].replaceAll("&amp;", "&")));
      expect(links.filter((l) => l.pathname === `/s/${token}`)).toHaveLength(11);
      const before = totalChanges();
      for (const link of links) {
        if (link.pathname.endsWith("/h")) continue;
        for (const method of ["GET", "HEAD"]) {
          for (const headers of [{ "User-Agent": "Mozilla/5.0 (compatible; Proofpoint URL Defense)" }, {}] as Record<string, string>[]) {
            const request = new Request(`http://localhost${link.pathname}${link.search}`, { method, headers });
            const [, area, linkToken] = link.pathname.split("/");
            const result =
              area === "s" ? await answerLoader(args(request, { token: linkToken })) : await unsubscribeLoader(args(request, { token: linkToken }));
            expect(statusOf(result)).toBe(200);
          }
        }
      }
      expect(totalChanges()).toBe(before);
    }
    expect(responsesOf(invitation.id)).toHaveLength(0);
    expect(db.select().from(invitations).where(eq(invitations.id, invitation.id)).get()).toMatchObject({ scannedAt: null });
    expect(contactId).toBeGreaterThan(0);
  });
});

describe("answering (POST)", () => {
  it("records, then changes the answer while keeping the history, and queues the pipeline", async () => {
    const { token, invitation } = createInvitation();
    const first = await answer(token, { score: "3", comment: "Too slow" });
    expect(statusOf(first)).toBe(303);
    expect((first as Response).headers.get("Location")).toBe(`/s/${token}/thanks`);
    let [response] = responsesOf(invitation.id);
    expect(response).toMatchObject({ score: 3, comment: "Too slow", category: "detractor", channel: "email", locale: "en" });

    const second = await answer(token, { score: "9", comment: "Much better after the update" });
    expect(statusOf(second)).toBe(303);
    const rows = responsesOf(invitation.id);
    expect(rows).toHaveLength(1);
    [response] = rows;
    expect(response).toMatchObject({ score: 9, comment: "Much better after the update", category: "promoter" });
    expect(db.select().from(responseChanges).where(eq(responseChanges.responseId, response.id)).all()).toEqual([
      expect.objectContaining({ score: 3, comment: "Too slow" }),
    ]);
    expect(response.createdAt).toBeLessThanOrEqual(response.updatedAt);
    // Both answers reach the pipeline: the worker turns each recorded answer into one job.
    expect(
      db
        .select()
        .from(responseEvents)
        .all()
        .filter((e) => e.responseId === response.id),
    ).toHaveLength(2);
    queueRecordedResponses();
    expect(db.select().from(responseEvents).all()).toEqual([]);
    const queued = db
      .select()
      .from(jobs)
      .where(eq(jobs.type, RESPONSE_RECORDED_JOB))
      .all()
      .filter((j) => (j.payload as { responseId: number }).responseId === response.id);
    expect(queued).toHaveLength(2);

    // The same answer again changes nothing but the rate-limit counters.
    const counts = () =>
      sqlite()
        .prepare("SELECT (SELECT count(*) FROM response_changes) + (SELECT count(*) FROM response_events) + (SELECT max(updated_at) FROM responses) AS n")
        .get();
    const before = counts();
    expect(statusOf(await answer(token, { score: "9", comment: "Much better after the update" }))).toBe(303);
    expect(counts()).toEqual(before);
  });

  it("uses the campaign snapshot's thresholds", () => {
    const { token } = createInvitation({ campaign: { survey: { ...DEFAULT_SURVEY, thresholds: { promoterMin: 8, detractorMax: 5 } } } });
    const result = recordNpsResponse(token, "8", "", freshIp());
    expect(result).toMatchObject({ kind: "recorded", category: "promoter" });
  });

  it("refuses bad input with a message and writes nothing", async () => {
    const { token, invitation } = createInvitation();
    const cases: [Record<string, string>, number, string][] = [
      [{ score: "11" }, 400, "A score is a whole number from 0 to 10."],
      [{ score: "-1" }, 400, "A score is a whole number from 0 to 10."],
      [{ score: "abc" }, 400, "A score is a whole number from 0 to 10."],
      [{ score: "7.5" }, 400, "A score is a whole number from 0 to 10."],
      [{ comment: "no score" }, 400, "Choose a score from 0 to 10."],
      [
        { score: "5", comment: "x".repeat(COMMENT_MAX_LENGTH + 1) },
        400,
        `Your comment is too long: please shorten it to ${COMMENT_MAX_LENGTH} characters or fewer.`,
      ],
    ];
    const before = totalChanges();
    for (const [form, status, message] of cases) {
      const result = await answer(token, form);
      expect(statusOf(result)).toBe(status);
      const body = payloadOf<{ errors: Record<string, string> }>(result);
      expect(Object.values(body.errors)).toContain(message);
    }
    expect(totalChanges()).toBe(before);
    expect(responsesOf(invitation.id)).toHaveLength(0);
  });

  it("refuses missing and altered tokens (404) and a body that is not a form (415)", async () => {
    const { token } = createInvitation();
    const altered = (token[0] === "A" ? "B" : "A") + token.slice(1);
    const before = totalChanges();
    expect(statusOf(await answer(altered, { score: "5" }))).toBe(404);
    expect(statusOf(await answer("", { score: "5" }))).toBe(404);
    const json = new Request(`http://localhost/s/${token}`, {
      method: "POST",
      body: JSON.stringify({ score: 5 }),
      headers: { "Content-Type": "application/json" },
    });
    const wrongType = await answerAction(args(json, { token }));
    expect(statusOf(wrongType)).toBe(415);
    expect(payloadOf<{ message: string }>(wrongType).message).toBe("Please check your answer");
    expect(totalChanges()).toBe(before);
  });

  it("refuses answers once the campaign has closed", async () => {
    const { token, invitation } = createInvitation({ campaign: { status: "closed" } });
    expect(statusOf(await answer(token, { score: "5" }))).toBe(410);
    expect(responsesOf(invitation.id)).toHaveLength(0);
  });

  it("rate-limits per token and per address with Retry-After", async () => {
    const { token } = createInvitation();
    for (let i = 0; i < 10; i++) expect(statusOf(await answer(token, { score: String(i % 11) }))).toBe(303);
    const limited = await answer(token, { score: "4" });
    expect(statusOf(limited)).toBe(429);
    expect(Number(headersOf(limited).get("Retry-After"))).toBeGreaterThan(0);

    const ip = freshIp();
    for (let i = 0; i < 60; i++) {
      const other = createInvitation();
      expect(statusOf(await answer(other.token, { score: "7" }, ip))).toBe(303);
    }
    expect(statusOf(await answer(createInvitation().token, { score: "7" }, ip))).toBe(429);
  });

  it("shows the current answer with 'you can change it' when the link is opened again", async () => {
    const { token } = createInvitation();
    await answer(token, { score: "6", comment: "Okay" });
    const page = payloadOf<{ view: { score: number; comment: string; answered: boolean } }>(await load(token));
    expect(page.view).toMatchObject({ score: 6, comment: "Okay", answered: true });
    expect(payloadOf<{ view: { score: number } }>(await load(token, "?score=10")).view.score).toBe(10);
  });
});

describe("the thank-you page", () => {
  async function thanks(token: string) {
    try {
      return await thanksLoader(args(getRequest(`/s/${token}/thanks`), { token }));
    } catch (thrown) {
      return thrown;
    }
  }

  it("sends people who have not answered back to the question", async () => {
    const { token } = createInvitation();
    const result = await thanks(token);
    expect(statusOf(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe(`/s/${token}`);
  });

  it("offers promoters the community, a review and a reference consent, in Japanese for a Japanese contact", async () => {
    const { token } = createInvitation({ locale: "ja", campaign: { survey: { ...DEFAULT_SURVEY, reviewUrl: "https://reviews.example/kizuna" } } });
    await answer(token, { score: "10", comment: "最高です" });
    const page = payloadOf<{ language: string; category: string; reviewUrl: string; consents: { reference: boolean | null } }>(await thanks(token));
    expect(page).toMatchObject({ language: "ja", category: "promoter", reviewUrl: "https://reviews.example/kizuna", consents: { reference: null } });

    const consent = await thanksAction(
      args(formRequest(`/s/${token}/thanks`, { consent: "reference", value: "yes" }, undefined, { "x-kizuna-client-ip": freshIp() }), { token }),
    );
    expect(statusOf(consent)).toBe(303);
    const after = payloadOf<{ consents: { reference: boolean | null } }>(await thanks(token));
    expect(after.consents.reference).toBe(true);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "nps.reference_consent")).all()).toHaveLength(1);
  });

  it("tells high- and low-touch detractors someone will follow up, and shows tech touch the help resources", async () => {
    const low = createInvitation({ segment: "low" });
    await answer(low.token, { score: "2" });
    expect(payloadOf<{ category: string; personalFollowUp: boolean }>(await thanks(low.token))).toMatchObject({
      category: "detractor",
      personalFollowUp: true,
    });

    const tech = createInvitation({ segment: "tech", campaign: { survey: { ...DEFAULT_SURVEY, helpUrl: "https://help.example" } } });
    await answer(tech.token, { score: "2" });
    expect(payloadOf<{ personalFollowUp: boolean; helpUrl: string }>(await thanks(tech.token))).toMatchObject({
      personalFollowUp: false,
      helpUrl: "https://help.example",
    });

    const bad = await thanksAction(args(formRequest(`/s/${tech.token}/thanks`, { consent: "contact", value: "maybe" }), { token: tech.token }));
    expect(statusOf(bad)).toBe(400);
    const ok = await thanksAction(
      args(formRequest(`/s/${tech.token}/thanks`, { consent: "contact", value: "no" }, undefined, { "x-kizuna-client-ip": freshIp() }), { token: tech.token }),
    );
    expect(statusOf(ok)).toBe(303);
    expect(payloadOf<{ consents: { contact: boolean | null } }>(await thanks(tech.token)).consents.contact).toBe(false);
  });
});

describe("the portal prompt", () => {
  it("shows a due survey on the portal home and records an answer from the portal", async () => {
    const { invitation, contactId } = createInvitation();
    const cookie = await contactCookie(contactId);
    const home = (await portalHomeLoader(args(getRequest("/portal", cookie), {}))) as { survey: { invitationId: number; question: string } | null };
    expect(home.survey).toMatchObject({ invitationId: invitation.id, question: "How likely are you to recommend Kizuna to a friend or colleague?" });

    const id = String(invitation.id);
    const page = await portalSurveyLoader(args(getRequest(`/portal/survey/${id}?score=8`, cookie), { invitationId: id }));
    expect(statusOf(page)).toBe(200);
    const posted = await portalSurveyAction(
      args(formRequest(`/portal/survey/${id}`, { score: "8", comment: "" }, cookie, { "x-kizuna-client-ip": freshIp() }), { invitationId: id }),
    );
    expect(statusOf(posted)).toBe(200);
    expect(responsesOf(invitation.id)).toEqual([expect.objectContaining({ score: 8, channel: "portal", category: "passive" })]);

    const after = (await portalHomeLoader(args(getRequest("/portal", cookie), {}))) as { survey: unknown };
    expect(after.survey).toBeNull();
  });

  it("never lets a contact see or answer someone else's invitation", async () => {
    const mine = createInvitation();
    const theirs = createInvitation();
    const cookie = await contactCookie(mine.contactId);
    const id = String(theirs.invitation.id);
    const page = await portalSurveyLoader(args(getRequest(`/portal/survey/${id}`, cookie), { invitationId: id })).catch((e: unknown) => e);
    expect(statusOf(page)).toBe(404);
    const posted = await portalSurveyAction(
      args(formRequest(`/portal/survey/${id}`, { score: "0" }, cookie, { "x-kizuna-client-ip": freshIp() }), { invitationId: id }),
    ).catch((e: unknown) => e);
    expect(statusOf(posted)).toBe(404);
    expect(responsesOf(theirs.invitation.id)).toHaveLength(0);
  });
});
