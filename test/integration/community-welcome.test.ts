import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { communityMembers } from "../../db/schema";
import { DEFAULT_COMMUNITY_SETTINGS } from "../../app/domain/community-settings";
import { action, loader } from "../../app/routes/community_.welcome";
import { putSetting } from "../../app/models/settings.server";
import { updateCommunitySettings } from "../../app/services/community-settings.server";
import { memberMustAcceptGuidelines } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { contactCookie, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";

const args = (request: Request) => ({ request, params: {}, context: {} });
const memberOf = (contactId: number) => db.select().from(communityMembers).where(eq(communityMembers.contactId, contactId)).get();

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    const value = await promise;
    if (value instanceof Response) return value;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a Response");
}

afterEach(() => putSetting("community", DEFAULT_COMMUNITY_SETTINGS));

describe("the community welcome page", () => {
  it("shows the guidelines in the contact's language, rendered safely, and writes nothing on GET", async () => {
    const contact = createContact({ locale: "ja" });
    const admin = createStaff("admin");
    updateCommunitySettings(
      { ...admin, role: "admin" },
      { readers: "members", guidelinesEn: "Be **kind**.", guidelinesJa: "## 思いやりを\n<script>alert(1)</script>[x](javascript:alert(1))", askAgain: false },
    );
    const data = (await loader(args(getRequest("/community/welcome?redirectTo=%2Fcommunity%2Fnew", await contactCookie(contact.id))))) as {
      html: string;
      redirectTo: string;
      accepted: boolean;
      title: string;
    };
    expect(data.title).toContain("ガイドライン");
    expect(data.html).toContain("<h2>思いやりを</h2>");
    expect(data.html).not.toMatch(/<script|href="javascript:/i);
    expect(data.redirectTo).toBe("/community/new");
    expect(data.accepted).toBe(false);
    expect(memberOf(contact.id)).toBeUndefined();
  });

  it("accepting records the time, makes the contact a member and returns to where they were going (a same-origin path only)", async () => {
    const contact = createContact();
    const cookie = await contactCookie(contact.id);
    const before = Date.now();
    const response = await thrown(action(args(formRequest("/community/welcome", { redirectTo: "/community/new?category=tips" }, cookie))));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/community/new?category=tips");
    const member = memberOf(contact.id)!;
    expect(member.guidelinesAcceptedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(memberMustAcceptGuidelines(member)).toBe(false);

    const offsite = await thrown(action(args(formRequest("/community/welcome", { redirectTo: "https://evil.example/" }, cookie))));
    expect(offsite.headers.get("Location")).toBe("/community");
  });

  it("asks again only when the admin changes the text and ticks 'ask again'", async () => {
    const contact = createContact();
    const cookie = await contactCookie(contact.id);
    await thrown(action(args(formRequest("/community/welcome", {}, cookie))));
    const admin = { ...createStaff("admin"), role: "admin" as const };
    const text = DEFAULT_COMMUNITY_SETTINGS.guidelines;
    updateCommunitySettings(
      admin,
      { readers: "members", guidelinesEn: `${text.en}\n\nNew rule.`, guidelinesJa: text.ja, askAgain: false },
      undefined,
      Date.now() + 1000,
    );
    expect(memberMustAcceptGuidelines(memberOf(contact.id)!)).toBe(false);
    updateCommunitySettings(
      admin,
      { readers: "members", guidelinesEn: `${text.en}\n\nAnother rule.`, guidelinesJa: text.ja, askAgain: true },
      undefined,
      Date.now() + 2000,
    );
    expect(memberMustAcceptGuidelines(memberOf(contact.id)!)).toBe(true);
  });

  it("sends a signed-out visitor to sign in and back, and staff straight on", async () => {
    const signedOut = await thrown(loader(args(getRequest("/community/welcome?redirectTo=%2Fcommunity%2Fnew"))));
    expect(signedOut.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/community/welcome?redirectTo=%2Fcommunity%2Fnew")}`);
    const post = await thrown(action(args(formRequest("/community/welcome", { redirectTo: "/community/new" }))));
    expect(post.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);

    const staff = createStaff("csm");
    const asStaff = await thrown(loader(args(getRequest("/community/welcome?redirectTo=%2Fcommunity%2Fnew", await staffCookie(staff.id)))));
    expect(asStaff.headers.get("Location")).toBe("/community/new");
  });
});
