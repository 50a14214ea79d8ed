import { redirect } from "@remix-run/node";
import { can, type Permission } from "../domain/permissions";
import { errorMessage } from "../domain/service-error";
import { resources } from "../locales";
import { findContactForSession, type PortalContact } from "../models/contact.server";
import { getSetting } from "../models/settings.server";
import { findActiveUser, type ConsoleUser } from "../models/user.server";
import { env } from "./env.server";
import { browserLanguage } from "./i18n.server";
import { sameOriginPath } from "./same-origin";
import { readSession, type PendingStep, type StaffSignInMethod } from "./session.server";

function signInRedirect(path: string, request: Request) {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  return redirect(`${path}?redirectTo=${encodeURIComponent(back)}`);
}

/** A staff session as read: who, how they signed in, and the step still awaited before it grants anything (null: none). */
export type StaffSession = { user: ConsoleUser; sessionId: string; method: StaffSignInMethod; pending: PendingStep | null };

// The root loader (for the page's language) and the console's own loaders both ask who is signed
// in; a page's GET reads the session once. A POST reads it afresh: its action may change the user.
const sessionOfRequest = new WeakMap<Request, Promise<StaffSession | null>>();

export function getStaffSession(request: Request): Promise<StaffSession | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return readStaff(request);
  let staff = sessionOfRequest.get(request);
  if (!staff) sessionOfRequest.set(request, (staff = readStaff(request)));
  return staff;
}

/** The signed-in console user, or null (also while a second factor is awaited or must be set up). */
export async function getStaff(request: Request): Promise<ConsoleUser | null> {
  const session = await getStaffSession(request);
  return session && !session.pending ? session.user : null;
}

async function readStaff(request: Request): Promise<StaffSession | null> {
  const session = await readSession("staff", request);
  const found = session ? findActiveUser(session.ownerId) : undefined;
  if (!session || !found) return null;
  const { locale, totpEnabledAt, ...user } = found;
  let pending = session.pending;
  // An admin signed in with a password but no second factor, once the setting requires one, sets it
  // up before anything else, even in a session begun before the setting was turned on.
  if (!pending && session.method === "password" && user.role === "admin" && !totpEnabledAt && getSetting("staffSignIn").requireTwoFactorForAdmins) {
    pending = "enrol";
  }
  return { user: { ...user, language: locale ?? (await browserLanguage(request)) }, sessionId: session.sessionId, method: session.method, pending };
}

/** Where a session half-way through sign-in goes next. */
export const PENDING_STEP_PATH: Record<PendingStep, string> = { totp: "/cs/login/code", enrol: "/cs/two-factor" };

/**
 * The first line of every console loader and action. Signed-out requests go to sign-in, a
 * session awaiting its second factor (or an admin's required enrolment) to that step; a
 * signed-in user without the permission gets a 403 page.
 */
export async function requireStaff(request: Request, permission: Permission): Promise<ConsoleUser> {
  const session = await getStaffSession(request);
  if (!session) throw signInRedirect("/cs/login", request);
  if (session.pending) throw signInRedirect(PENDING_STEP_PATH[session.pending], request);
  const user = session.user;
  if (!can(user.role, permission)) {
    const role = resources[user.language].console.roles[user.role];
    throw new Response(errorMessage("forbidden", { role, permission }, user.language), { status: 403, statusText: "Forbidden" });
  }
  return user;
}

/**
 * For the two-factor setup page: any signed-in person, and also an admin whose session is held
 * there until they set it up. A session still awaiting its code goes back to that step.
 */
export async function requireSessionForTwoFactorSetup(request: Request): Promise<StaffSession> {
  const session = await getStaffSession(request);
  if (!session) throw signInRedirect("/cs/login", request);
  if (session.pending === "totp") throw redirect(PENDING_STEP_PATH.totp);
  return session;
}

export async function getContact(request: Request): Promise<PortalContact | null> {
  const session = await readSession("contact", request);
  return session ? (findContactForSession(session.ownerId) ?? null) : null;
}

export async function requireContact(request: Request): Promise<PortalContact> {
  const contact = await getContact(request);
  if (!contact) throw signInRedirect("/login", request);
  return contact;
}

/**
 * Where to send someone after sign-in or a language switch: `to` as a path on APP_URL's origin,
 * or `fallback` when it is anything else (another origin, `//evil.example`, a control character
 * or backslash raw or percent-encoded). Every redirect built from input goes through here.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback: string): string {
  return sameOriginPath(to, env().APP_URL) ?? fallback;
}
