import { createCookie } from "@remix-run/node";
import { and, eq, gt, lt } from "drizzle-orm";
import { contactSessions, staffSessions } from "../../db/schema";
import { newToken, sha256 } from "./crypto.server";
import { db } from "./db.server";
import { env } from "./env.server";

/**
 * Server-side sessions. The cookie holds a random token; the table holds its SHA-256, so a
 * leaked database cannot be replayed as cookies. Staff and customer sessions are separate
 * tables and separate cookies: signing in as one never grants the other.
 */
type Kind = "staff" | "contact";

const POLICY: Record<Kind, { idleMs: number; absoluteMs: number }> = {
  staff: { idleMs: 12 * 3600_000, absoluteMs: 7 * 24 * 3600_000 },
  contact: { idleMs: 7 * 24 * 3600_000, absoluteMs: 30 * 24 * 3600_000 },
};

const TOUCH_EVERY_MS = 60_000;

/** A staff session half-way through sign-in (a code awaited, or two-factor to set up) lasts this long and is never extended. */
export const PENDING_STAFF_SESSION_MS = 15 * 60_000;

export type StaffSignInMethod = "password" | "oidc";
export type PendingStep = "totp" | "enrol";
export type StaffSessionOptions = { method?: StaffSignInMethod; pending?: PendingStep | null };

const cookies = new Map<Kind, ReturnType<typeof createCookie>>();

function cookieFor(kind: Kind) {
  let cookie = cookies.get(kind);
  if (!cookie) {
    const secure = env().APP_URL.startsWith("https://");
    // __Host- requires Secure, Path=/ and no Domain: the browser then refuses any subdomain's overwrite.
    const name = `${secure ? "__Host-" : ""}kizuna_${kind}`;
    cookie = createCookie(name, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      secrets: [env().SESSION_SECRET],
      maxAge: POLICY[kind].absoluteMs / 1000,
    });
    cookies.set(kind, cookie);
  }
  return cookie;
}

async function tokenFrom(kind: Kind, request: Request): Promise<string | null> {
  const value = await cookieFor(kind).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

const table = { staff: staffSessions, contact: contactSessions } as const;

type SessionRead = { sessionId: string; ownerId: number; method: StaffSignInMethod; pending: PendingStep | null };

/**
 * Returns the owner id of a live session, sliding its idle expiry at most once a minute. A staff
 * session also says how it was signed in and whether it is still pending a step (customers': password, none).
 */
export async function readSession(kind: Kind, request: Request, now = Date.now()): Promise<SessionRead | null> {
  const token = await tokenFrom(kind, request);
  if (!token) return null;
  const id = sha256(token);
  if (kind === "staff") {
    const row = db
      .select()
      .from(staffSessions)
      .where(and(eq(staffSessions.id, id), gt(staffSessions.expiresAt, new Date(now))))
      .get();
    if (!row) return null;
    if (!row.pending) touch(kind, id, row.createdAt.getTime(), row.lastSeenAt.getTime(), now);
    return { sessionId: id, ownerId: row.userId, method: row.method, pending: row.pending };
  }
  const row = db
    .select()
    .from(contactSessions)
    .where(and(eq(contactSessions.id, id), gt(contactSessions.expiresAt, new Date(now))))
    .get();
  if (!row) return null;
  touch(kind, id, row.createdAt.getTime(), row.lastSeenAt.getTime(), now);
  return { sessionId: id, ownerId: row.contactId, method: "password", pending: null };
}

function touch(kind: Kind, id: string, createdAt: number, lastSeenAt: number, now: number) {
  if (now - lastSeenAt < TOUCH_EVERY_MS) return;
  const { idleMs, absoluteMs } = POLICY[kind];
  const expiresAt = new Date(Math.min(now + idleMs, createdAt + absoluteMs));
  const t = table[kind];
  db.update(t)
    .set({ lastSeenAt: new Date(now), expiresAt })
    .where(eq(t.id, id))
    .run();
}

/**
 * Starts a fresh session (rotation: any session the request carried is deleted first, so a
 * planted cookie never becomes an authenticated one, and a pending step completed gets a new
 * token). Returns the Set-Cookie header value.
 */
export async function startSession(kind: Kind, ownerId: number, request: Request, now = Date.now(), options: StaffSessionOptions = {}): Promise<string> {
  await endSessionRow(kind, request);
  const token = newToken();
  const lifetime = options.pending ? PENDING_STAFF_SESSION_MS : POLICY[kind].idleMs;
  const values = { id: sha256(token), createdAt: new Date(now), lastSeenAt: new Date(now), expiresAt: new Date(now + lifetime) };
  if (kind === "staff")
    db.insert(staffSessions)
      .values({ ...values, userId: ownerId, method: options.method ?? "password", pending: options.pending ?? null })
      .run();
  else
    db.insert(contactSessions)
      .values({ ...values, contactId: ownerId })
      .run();
  return cookieFor(kind).serialize(token);
}

async function endSessionRow(kind: Kind, request: Request) {
  const token = await tokenFrom(kind, request);
  if (!token) return;
  const t = table[kind];
  db.delete(t)
    .where(eq(t.id, sha256(token)))
    .run();
}

/** Deletes the session row and returns a Set-Cookie header that clears the cookie. */
export async function endSession(kind: Kind, request: Request): Promise<string> {
  await endSessionRow(kind, request);
  return cookieFor(kind).serialize("", { maxAge: 0 });
}

export function deleteSessionsOfUser(userId: number) {
  db.delete(staffSessions).where(eq(staffSessions.userId, userId)).run();
}

/** Ends every portal session of a contact (a suspended community member is signed out everywhere). */
export function deleteSessionsOfContact(contactId: number) {
  db.delete(contactSessions).where(eq(contactSessions.contactId, contactId)).run();
}

export function pruneExpiredSessions(now = Date.now()) {
  db.delete(staffSessions)
    .where(lt(staffSessions.expiresAt, new Date(now)))
    .run();
  db.delete(contactSessions)
    .where(lt(contactSessions.expiresAt, new Date(now)))
    .run();
}
