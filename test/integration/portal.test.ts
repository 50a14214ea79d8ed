import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contactSessions, staffSessions } from "../../db/schema";
import { loader as rootLoader } from "../../app/root";
import { loader as consoleLoader } from "../../app/routes/cs";
import { loader as usersLoader } from "../../app/routes/cs.users";
import { action as logoutAction, loader as logoutLoader } from "../../app/routes/logout";
import { loader as portalLayoutLoader } from "../../app/routes/portal";
import { loader as portalHomeLoader } from "../../app/routes/portal._index";
import { db } from "../../app/utils/db.server";
import { languageCookie } from "../../app/utils/i18n.server";
import { contactCookie, createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";

const args = (request: Request) => ({ request, params: {}, context: {} });

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected the loader to throw a response");
}

describe("the portal home", () => {
  it("sends a signed-out visitor to /login and back afterwards", async () => {
    for (const loader of [portalLayoutLoader, portalHomeLoader]) {
      const response = await thrown(loader(args(getRequest("/portal"))));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fportal");
    }
  });

  it("greets the contact with their own account and their CSM", async () => {
    const csm = createStaff("csm", { name: "Aiko Tanaka", email: "aiko@kizuna.test" });
    const account = createAccount({ name: "Shibuya Robotics", csmUserId: csm.id });
    const contact = createContact({ accountId: account.id, name: "Ken Sato", email: "ken@shibuya.example" });
    createContact({ accountId: createAccount({ name: "Someone Else Inc" }).id });
    const cookie = await contactCookie(contact.id);

    // Not a community member yet: no notifications badge in the header.
    expect(await portalLayoutLoader(args(getRequest("/portal", cookie)))).toEqual({ unreadNotifications: null });
    const home = await portalHomeLoader(args(getRequest("/portal", cookie)));
    expect(home).toEqual({
      survey: null,
      title: "Home · Kizuna customer portal",
      contact: { name: "Ken Sato", email: "ken@shibuya.example", locale: "en" },
      accountName: "Shibuya Robotics",
      csm: { name: "Aiko Tanaka", email: "aiko@kizuna.test" },
      // Not a member yet, in a community with no topics: nothing to show but the way in.
      community: { handle: null, topics: [] },
      // No onboarding guide for this account: no "getting started" card.
      onboarding: null,
    });
  });

  it("leaves out a CSM who was disabled", async () => {
    const csm = createStaff("csm", { disabledAt: new Date() });
    const contact = createContact({ accountId: createAccount({ csmUserId: csm.id }).id });
    const home = await portalHomeLoader(args(getRequest("/portal", await contactCookie(contact.id))));
    expect(home.csm).toBeNull();
  });

  it("speaks the contact's language, even when the browser asks for another", async () => {
    const contact = createContact({ locale: "ja" });
    const request = getRequest("/portal", await contactCookie(contact.id), { "Accept-Language": "en-US,en;q=0.9" });
    expect(await rootLoader(args(request))).toEqual({ language: "ja" });
    const home = await portalHomeLoader(args(request));
    expect(home.title).toBe("ホーム · Kizuna カスタマーポータル");
  });

  it("still follows the language switcher when the contact picks one", async () => {
    const contact = createContact({ locale: "ja" });
    const chosen = (await languageCookie.serialize("en")).split(";")[0];
    const cookie = `${await contactCookie(contact.id)}; ${chosen}`;
    const request = getRequest("/portal", cookie);
    expect(await rootLoader(args(request))).toEqual({ language: "en" });
  });
});

describe("customer and staff sessions stay apart", () => {
  it("never lets a customer session into the console", async () => {
    const contact = createContact();
    const cookie = await contactCookie(contact.id);
    for (const loader of [consoleLoader, usersLoader]) {
      const response = await thrown(loader(args(getRequest("/cs/users", cookie))));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/cs\/login\?redirectTo=/);
    }
  });

  it("never lets a staff session into the portal", async () => {
    const admin = createStaff("admin");
    const cookie = await staffCookie(admin.id);
    for (const loader of [portalLayoutLoader, portalHomeLoader]) {
      const response = await thrown(loader(args(getRequest("/portal", cookie))));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fportal");
    }
  });
});

describe("signing out of the portal", () => {
  it("ends the customer session on POST and leaves a staff session in the same browser alone", async () => {
    const contact = createContact();
    const staff = createStaff("viewer");
    const cookie = `${await contactCookie(contact.id)}; ${await staffCookie(staff.id)}`;

    const response = await logoutAction(args(formRequest("/logout", {}, cookie)));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?signedOut=1");
    expect(response.headers.get("Set-Cookie")).toMatch(/kizuna_contact=;.*Max-Age=0/i);
    expect(db.select().from(contactSessions).where(eq(contactSessions.contactId, contact.id)).all()).toHaveLength(0);
    expect(db.select().from(staffSessions).where(eq(staffSessions.userId, staff.id)).all()).toHaveLength(1);

    // The old cookie no longer opens the portal.
    const after = await thrown(portalHomeLoader(args(getRequest("/portal", cookie))));
    expect(after.headers.get("Location")).toMatch(/^\/login/);
  });

  it("changes nothing on GET", async () => {
    const contact = createContact();
    const cookie = await contactCookie(contact.id);
    const response = logoutLoader();
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/portal");
    expect(db.select().from(contactSessions).where(eq(contactSessions.contactId, contact.id)).all()).toHaveLength(1);
    expect(await portalLayoutLoader(args(getRequest("/portal", cookie)))).toEqual({ unreadNotifications: null });
  });
});
