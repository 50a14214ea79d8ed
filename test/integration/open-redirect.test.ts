import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import type { OutboxRow } from "../../app/models/outbox.server";
import { fillLinks } from "../../app/utils/email-links.server";
import { action as staffLoginAction } from "../../app/routes/cs.login";
import { action as languageAction } from "../../app/routes/language";
import { action as loginAction, loader as loginLoader } from "../../app/routes/login";
import { action as continueAction, loader as continueLoader } from "../../app/routes/login_.$token";
import { hashPassword } from "../../app/utils/password.server";
import { contactCookie, createContact, createStaff, formRequest, getRequest } from "../factories";
import { outboxEmail } from "../factories/outbox";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

let ipCounter = 0;
const freshIp = () => ({ "x-kizuna-client-ip": `198.51.100.${++ipCounter}` });

/** What each entry point answers, thrown or returned, as the browser would see it. */
async function settle(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}
function locationOf(result: unknown): string | null {
  expect(result).toBeInstanceOf(Response);
  const response = result as Response;
  expect(response.status).toBe(302);
  return response.headers.get("Location");
}
/** The sign-in token as the worker sends it (the stored row holds a slot, not the token). */
function tokenFromEmail(row: OutboxRow): string {
  return /\/login\/([A-Za-z0-9_-]{43})/.exec(fillLinks(row, row.links).text)![1];
}

/** The redirect corpus of the issue, plus encoded and dot-segment variants. */
const HOSTILE = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%5C/evil.example",
  "/%2509/evil.example",
  "\\/evil.example",
  "/\\evil.example",
  "https:evil.example",
  "https://evil.example/portal",
  "//evil.example",
  "/ /evil.example",
  "/.//evil.example",
  "/%2e//evil.example",
];

describe("a sign-in with a hostile redirectTo lands on the fallback, never elsewhere and never a 500", () => {
  it.each(HOSTILE)("staff sign-in, redirectTo=%j → /cs", async (redirectTo) => {
    const password = "correct horse battery staple";
    const staff = createStaff("csm", { passwordHash: await hashPassword(password) });
    const result = await staffLoginAction(args(formRequest("/cs/login", { email: staff.email, password, redirectTo }, undefined, freshIp())));
    expect(locationOf(result)).toBe("/cs");
  });

  it.each(HOSTILE)("sign-in link, redirectTo=%j → /portal, and the email carries no foreign address", async (redirectTo) => {
    const contact = createContact();
    const asked = await loginAction(args(formRequest("/login", { email: contact.email, redirectTo }, undefined, freshIp())));
    expect(asked).toMatchObject({ outcome: "sent" });
    const email = outboxEmail(eq(outbox.contactId, contact.id))!;
    expect(email.text).not.toMatch(/evil|redirectTo/);
    const token = tokenFromEmail(email);

    // The link's own page and its POST also re-check what they are given.
    const page = await continueLoader(args(getRequest(`/login/${token}?redirectTo=${encodeURIComponent(redirectTo)}`), { token }));
    expect((page as { data: { redirectTo: string } }).data.redirectTo).toBe("/portal");
    const signedIn = await continueAction(args(formRequest(`/login/${token}`, { redirectTo }, undefined, freshIp()), { token }));
    expect(locationOf(signedIn)).toBe("/portal");
  });

  it.each(HOSTILE)("signed-in contact opening /login?redirectTo=%j → /portal", async (redirectTo) => {
    const contact = createContact();
    const result = await settle(loginLoader(args(getRequest(`/login?redirectTo=${encodeURIComponent(redirectTo)}`, await contactCookie(contact.id)))));
    expect(locationOf(result)).toBe("/portal");
  });

  it.each(HOSTILE)("language switch, redirectTo=%j → /", async (redirectTo) => {
    const result = await languageAction(args(formRequest("/language", { lng: "ja", redirectTo })));
    expect(locationOf(result)).toBe("/");
  });

  it("keeps a genuine same-origin destination everywhere", async () => {
    const password = "correct horse battery staple";
    const staff = createStaff("csm", { passwordHash: await hashPassword(password) });
    const staffResult = await staffLoginAction(
      args(formRequest("/cs/login", { email: staff.email, password, redirectTo: "/cs/responses?category=detractor" }, undefined, freshIp())),
    );
    expect(locationOf(staffResult)).toBe("/cs/responses?category=detractor");
    expect(locationOf(await languageAction(args(formRequest("/language", { lng: "en", redirectTo: "/s/abc?score=3" }))))).toBe("/s/abc?score=3");

    const contact = createContact();
    await loginAction(args(formRequest("/login", { email: contact.email, redirectTo: "/portal/guides" }, undefined, freshIp())));
    const email = outboxEmail(eq(outbox.contactId, contact.id))!;
    expect(email.text).toContain("?redirectTo=%2Fportal%2Fguides");
    const token = tokenFromEmail(email);
    expect(locationOf(await continueAction(args(formRequest(`/login/${token}`, { redirectTo: "/portal/guides" }, undefined, freshIp()), { token })))).toBe(
      "/portal/guides",
    );
  });
});
