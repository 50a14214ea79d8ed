import { redirect } from "@remix-run/node";
import { can, type Permission } from "../domain/permissions";
import { errorMessage } from "../domain/service-error";
import { resources } from "../locales";
import { findContactForSession, type PortalContact } from "../models/contact.server";
import { findActiveUser, type ConsoleUser } from "../models/user.server";
import { env } from "./env.server";
import { browserLanguage } from "./i18n.server";
import { sameOriginPath } from "./same-origin";
import { readSession } from "./session.server";

function signInRedirect(path: string, request: Request) {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  return redirect(`${path}?redirectTo=${encodeURIComponent(back)}`);
}

// The root loader (for the page's language) and the console's own loaders both ask who is signed
// in; a page's GET reads the session once. A POST reads it afresh: its action may change the user.
const staffOfRequest = new WeakMap<Request, Promise<ConsoleUser | null>>();

export function getStaff(request: Request): Promise<ConsoleUser | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return readStaff(request);
  let staff = staffOfRequest.get(request);
  if (!staff) staffOfRequest.set(request, (staff = readStaff(request)));
  return staff;
}

async function readStaff(request: Request): Promise<ConsoleUser | null> {
  const session = await readSession("staff", request);
  const found = session ? findActiveUser(session.ownerId) : undefined;
  if (!found) return null;
  const { locale, ...user } = found;
  return { ...user, language: locale ?? (await browserLanguage(request)) };
}

/**
 * The first line of every console loader and action. Signed-out requests go to sign-in;
 * a signed-in user without the permission gets a 403 page.
 */
export async function requireStaff(request: Request, permission: Permission): Promise<ConsoleUser> {
  const user = await getStaff(request);
  if (!user) throw signInRedirect("/cs/login", request);
  if (!can(user.role, permission)) {
    const role = resources[user.language].console.roles[user.role];
    throw new Response(errorMessage("forbidden", { role, permission }, user.language), { status: 403, statusText: "Forbidden" });
  }
  return user;
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
