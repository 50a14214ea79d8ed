import { describe, expect, it } from "vitest";
import { loader as rootLoader } from "../../app/root";
import { action as languageAction, loader as languageLoader } from "../../app/routes/cs.language";
import { action as staffLoginAction } from "../../app/routes/cs.login";
import { sqlite } from "../../app/utils/db.server";
import { hashPassword } from "../../app/utils/password.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

const args = (request: Request) => ({ request, params: {}, context: {} });
const PASSWORD = "the-real-password-42";
const JAPANESE_BROWSER = { "Accept-Language": "ja-JP,ja;q=0.9,en;q=0.5" };

const localeOf = (id: number) => (sqlite().prepare("SELECT locale FROM users WHERE id = ?").get(id) as { locale: string | null }).locale;
const statusOf = (result: unknown) => (result instanceof Response ? result.status : ((result as { init?: ResponseInit | null }).init?.status ?? 200));

/** The response a handler answered with, whether it returned or threw it. */
async function answer(promise: Promise<unknown>): Promise<Response> {
  try {
    const result = await promise;
    if (result instanceof Response) return result;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a response");
}

describe("the console's language, per person", () => {
  it("takes the browser's language at the first sign-in, and keeps the person's choice after", async () => {
    const staff = createStaff("csm", { passwordHash: await hashPassword(PASSWORD) });
    expect(localeOf(staff.id)).toBeNull();
    const headers = { ...JAPANESE_BROWSER, "x-kizuna-client-ip": "198.51.100.70" };
    expect(statusOf(await staffLoginAction(args(formRequest("/cs/login", { email: staff.email, password: PASSWORD }, undefined, headers))))).toBe(302);
    expect(localeOf(staff.id)).toBe("ja");

    const cookie = await staffCookie(staff.id);
    expect(await rootLoader(args(getRequest("/cs", cookie)))).toEqual({ language: "ja" });
    const switched = await languageAction(args(formRequest("/cs/language", { lng: "en", redirectTo: "/cs/cases?owner=me" }, cookie)));
    expect(switched.status).toBe(302);
    expect(switched.headers.get("Location")).toBe("/cs/cases?owner=me");
    expect(localeOf(staff.id)).toBe("en");
    // A later sign-in from a Japanese browser does not undo the choice.
    await staffLoginAction(args(formRequest("/cs/login", { email: staff.email, password: PASSWORD }, undefined, headers)));
    expect(localeOf(staff.id)).toBe("en");
    expect(await rootLoader(args(getRequest("/cs", cookie, JAPANESE_BROWSER)))).toEqual({ language: "en" });
  });

  it("shows the sign-in page in the browser's language", async () => {
    expect(await rootLoader(args(getRequest("/cs/login", undefined, JAPANESE_BROWSER)))).toEqual({ language: "ja" });
    expect(await rootLoader(args(getRequest("/cs/login", undefined, { "Accept-Language": "en-US" })))).toEqual({ language: "en" });
  });

  it("refuses a language it does not speak, a foreign redirect, a GET and a signed-out switch, changing nothing", async () => {
    const staff = createStaff("viewer", { locale: "ja" });
    const cookie = await staffCookie(staff.id);
    expect((await answer(languageAction(args(formRequest("/cs/language", { lng: "fr" }, cookie))))).status).toBe(400);
    expect((await languageAction(args(formRequest("/cs/language", { lng: "en", redirectTo: "//evil.example/x" }, cookie)))).headers.get("Location")).toBe(
      "/cs",
    );
    sqlite().prepare("UPDATE users SET locale = 'ja' WHERE id = ?").run(staff.id);
    expect((await answer(languageLoader(args(getRequest("/cs/language?lng=en", cookie))))).headers.get("Location")).toBe("/cs");
    expect(localeOf(staff.id)).toBe("ja");
    expect((await answer(languageAction(args(formRequest("/cs/language", { lng: "en" }))))).headers.get("Location")).toMatch(/^\/cs\/login/);
    expect(localeOf(staff.id)).toBe("ja");
  });
});
