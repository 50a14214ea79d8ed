import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { communityMembers, responses } from "../../db/schema";
import { categoryFor } from "../../app/domain/nps";
import { DEFAULT_COMMUNITY_RULES } from "../../app/domain/posting-rules";
import { ensureContactMember } from "../../app/models/community-member.server";
import { putSetting } from "../../app/models/settings.server";
import { loader } from "../../app/routes/cs.community.voice";
import { startTopic } from "../../app/services/community-start-topic.server";
import { putExchangeRates } from "../../app/services/currency-settings.server";
import { linkResponseToIdea } from "../../app/services/idea-console.server";
import { logIdeaRequest } from "../../app/services/idea-requests.server";
import { changeIdeaStatus } from "../../app/services/idea-triage.server";
import { voteForIdea } from "../../app/services/idea-votes.server";
import { requireCommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { contactCookie, createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";

/*
 * The "voice of the customer" page as the product team reads it: ideas ranked by the ARR of the
 * distinct accounts asking (two currencies summed in the reporting one), the same split by touch
 * segment, and under each idea the NPS comments a CSM linked to it, within the chosen period.
 */

const DAY = 86_400_000;

async function member(accountId: number) {
  const contact = createContact({ accountId, name: `Person of ${accountId}` });
  const row = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, row.id)).run();
  return { contact, reader: await requireCommunityReader(getRequest("/community", await contactCookie(contact.id))) };
}

function answer(contact: { id: number; accountId: number }, score: number, comment: string, at: number) {
  return db
    .insert(responses)
    .values({ contactId: contact.id, accountId: contact.accountId, score, comment, category: categoryFor(score), locale: "en", createdAt: at, updatedAt: at })
    .returning()
    .get();
}

type Page = Awaited<ReturnType<typeof loader>>;
async function open(query: string, cookie?: string): Promise<Page> {
  return loader({ request: getRequest(`/cs/community/voice${query}`, cookie), params: {}, context: {} });
}

beforeEach(() => putSetting("communityRules", { ...DEFAULT_COMMUNITY_RULES, topicsPerHour: { new: 1000, basic: 1000, member: 1000, regular: 1000 } } as never));

let boards = 0;
async function board() {
  const admin = createStaff("admin");
  // Reporting in JPY; 1 USD = 150 JPY (USD amounts are in cents).
  putExchangeRates(admin, [{ currency: "USD", effectiveDate: "2020-01-01", rate: "150" }]);
  const high1 = createAccount({ name: "Globex", acvAmount: 10_000_000, acvCurrency: "USD", segment: "high" }); // $100,000 → ¥15,000,000
  const high2 = createAccount({ name: "Initech", acvAmount: 8_000_000, acvCurrency: "JPY", segment: "high" });
  const low1 = createAccount({ name: "Umbrella", acvAmount: 1_000_000, acvCurrency: "USD", segment: "low" }); // $10,000 → ¥1,500,000
  const low2 = createAccount({ name: "Hooli", acvAmount: 2_000_000, acvCurrency: "JPY", segment: "low" });
  const tech = createAccount({ name: "Pied Piper", acvAmount: 300_000, acvCurrency: "JPY", segment: "tech" });

  // Staff post the ideas, so no author's account counts.
  const csm = createStaff("csm");
  const staff = await requireCommunityReader(getRequest("/community", await staffCookie(csm.id)));
  const post = (title: string) => startTopic(staff, { category: "ideas", title, body: "Details." }).topicId;
  const a = post("Weekly export of responses");
  const b = post("Slack alerts for detractors");
  const c = post("Dark mode");
  const d = post("Saved filters");

  const globex1 = await member(high1.id);
  const globex2 = await member(high1.id);
  const umbrella = await member(low1.id);
  const hooli = await member(low2.id);
  const piper = await member(tech.id);
  const initech = await member(high2.id);
  // A: Globex twice (one account), Umbrella, Pied Piper.
  for (const voter of [globex1, globex2, umbrella, piper]) voteForIdea(voter.reader, a);
  // B: Umbrella, Hooli, Pied Piper, and a request a CSM logged for Initech.
  for (const voter of [umbrella, hooli, piper]) voteForIdea(voter.reader, b);
  logIdeaRequest(csm, b, { account: high2.externalId, quote: "Needed for the renewal", importance: "critical" });
  // C: Hooli only. D: Initech, then shipped (not open any more).
  voteForIdea(hooli.reader, c);
  voteForIdea(initech.reader, d);
  changeIdeaStatus(csm, d, { status: "shipped", note: "Done." });

  // The test database lives for the whole file: a product area of this board's own keeps it apart from the others'.
  const area = `voice${++boards}`;
  db.run(sql`UPDATE ideas SET areas = json_array(${area}) WHERE topic_id IN (${a}, ${b}, ${c}, ${d})`);
  const now = Date.now();
  const recent = answer(globex1.contact, 3, "Exports time out every Monday", now - 10 * DAY);
  const older = answer(hooli.contact, 9, "A weekly export would save us hours", now - 200 * DAY);
  linkResponseToIdea(csm, recent.id, String(a));
  linkResponseToIdea(csm, older.id, String(a));
  return { admin, csm, area, ideas: { a, b, c, d }, recent, older, contacts: { globex1, hooli } };
}

describe("the voice of the customer page", () => {
  it("ranks the open ideas by ARR asking in the reporting currency, each account once, with the split by segment", async () => {
    const { csm, ideas, area } = await board();
    const page = await open(`?area=${area}`, await staffCookie(csm.id));
    expect(page.reporting.reportingCurrency).toBe("JPY");
    expect(page.top.map((idea) => [idea.id, idea.arrMinor, idea.accounts])).toEqual([
      [ideas.a, 15_000_000 + 1_500_000 + 300_000, 3],
      [ideas.b, 8_000_000 + 1_500_000 + 2_000_000 + 300_000, 4],
      [ideas.c, 2_000_000, 1],
    ]);
    expect(page.top[0].segments).toEqual({
      high: { accounts: 1, arrMinor: 15_000_000 },
      low: { accounts: 1, arrMinor: 1_500_000 },
      tech: { accounts: 1, arrMinor: 300_000 },
    });
    expect(page.top[1].segments).toEqual({
      high: { accounts: 1, arrMinor: 8_000_000 },
      low: { accounts: 2, arrMinor: 3_500_000 },
      tech: { accounts: 1, arrMinor: 300_000 },
    });

    const segment = (name: string) => page.bySegment.find((entry) => entry.segment === name)!.ideas.map((idea) => [idea.id, idea.arrMinor, idea.accounts]);
    expect(segment("high")).toEqual([
      [ideas.a, 15_000_000, 1],
      [ideas.b, 8_000_000, 1],
    ]);
    // Within low touch, B's two accounts outweigh A's larger total.
    expect(segment("low")).toEqual([
      [ideas.b, 3_500_000, 2],
      [ideas.c, 2_000_000, 1],
      [ideas.a, 1_500_000, 1],
    ]);
    // A tie on the segment's ARR goes to the newer idea, as on the board.
    expect(segment("tech")).toEqual([
      [ideas.b, 300_000, 1],
      [ideas.a, 300_000, 1],
    ]);

    // The shipped idea appears once its status is asked for.
    const all = await open(`?status=all&area=${area}`, await staffCookie(csm.id));
    expect(all.top.map((idea) => idea.id)).toEqual([ideas.a, ideas.b, ideas.d, ideas.c]);
    expect(all.bySegment.find((entry) => entry.segment === "high")!.ideas.map((idea) => idea.id)).toEqual([ideas.a, ideas.d, ideas.b]);
    const shipped = await open(`?status=shipped&area=${area}`, await staffCookie(csm.id));
    expect(shipped.top.map((idea) => idea.id)).toEqual([ideas.d]);
  });

  it("lists the NPS comments linked to an idea under it, within the period: 90 days by default, a year or all", async () => {
    const { csm, ideas, area, recent, older, contacts } = await board();
    const cookie = await staffCookie(csm.id);
    const comments = (page: Page) => page.top.find((idea) => idea.id === ideas.a)!.comments;

    const recentOnly = comments(await open(`?area=${area}`, cookie));
    expect(recentOnly.total).toBe(1);
    expect(recentOnly.rows).toEqual([
      expect.objectContaining({
        responseId: recent.id,
        score: 3,
        comment: "Exports time out every Monday",
        accountName: "Globex",
        contactName: contacts.globex1.contact.name,
        responsePath: `/cs/responses/${recent.id}`,
      }),
    ]);
    expect(comments(await open(`?period=1y&area=${area}`, cookie)).rows.map((row) => row.responseId)).toEqual([recent.id, older.id]);
    expect(comments(await open(`?period=all&area=${area}`, cookie)).total).toBe(2);
    // No other idea has a comment; the low-touch list counts A's.
    const page = await open(`?period=all&area=${area}`, cookie);
    expect(page.top.filter((idea) => idea.id !== ideas.a).every((idea) => idea.comments.total === 0)).toBe(true);
    expect(page.bySegment.find((entry) => entry.segment === "low")!.ideas.find((idea) => idea.id === ideas.a)).toMatchObject({ inTop: true });
  });

  it("filters by product area, and a malformed filter falls back to the default instead of failing", async () => {
    const { csm, ideas, area } = await board();
    db.run(sql`UPDATE ideas SET areas = json_array(${area}, ${`reports-${area}`}) WHERE topic_id = ${ideas.c}`);
    const cookie = await staffCookie(csm.id);
    const page = await open(`?area=Reports-${area}`, cookie);
    expect(page.top.map((idea) => idea.id)).toEqual([ideas.c]);
    expect(page.bySegment.map((entry) => entry.ideas.map((idea) => idea.id))).toEqual([[], [ideas.c], []]);
    const odd = await open("?period=forever&status=everything&area=" + "x".repeat(500), cookie);
    expect(odd.filters).toMatchObject({ period: "90d", status: "open", area: "x".repeat(30) });
  });

  it("is the team's: a visitor is sent to sign in and a customer signed in to the portal gets no console page; every staff role reads it", async () => {
    const { area } = await board();
    const refused = async (cookie?: string) => {
      try {
        await open(`?area=${area}`, cookie);
        return null;
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    const visitor = await refused();
    expect(visitor?.status).toBe(302);
    expect(visitor?.headers.get("Location")).toMatch(/^\/cs\/login/);
    const customer = createContact({ accountId: createAccount().id });
    const asCustomer = await refused(await contactCookie(customer.id));
    expect(asCustomer).not.toBeNull();
    expect([302, 403, 404]).toContain(asCustomer!.status);
    for (const role of ["viewer", "csm", "admin"] as const) {
      const page = await open(`?area=${area}`, await staffCookie(createStaff(role).id));
      expect(page.top.length).toBe(3);
    }
  });

  it("writes nothing when read", async () => {
    const { csm } = await board();
    const total = () =>
      db.get<{ n: number }>(
        sql`SELECT (SELECT count(*) FROM idea_response_links) + (SELECT count(*) FROM idea_votes) + (SELECT count(*) FROM idea_requests) + (SELECT count(*) FROM audit_log) AS n`,
      )!.n;
    const before = total();
    await open("?period=all&status=all", await staffCookie(csm.id));
    expect(total()).toBe(before);
  });
});
