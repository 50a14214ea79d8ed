import { and, asc, count, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { staffSessions, users } from "../../db/schema";
import type { Role } from "../domain/permissions";
import { normalizeEmail } from "../domain/staff-users";
import type { Language } from "../locales";
import { db } from "../utils/db.server";

export type StaffUser = { id: number; email: string; name: string; role: Role };
/** A signed-in console user and the language their console speaks (their choice, else their browser's). */
export type ConsoleUser = StaffUser & { language: Language };

const publicColumns = { id: users.id, email: users.email, name: users.name, role: users.role };

export function findActiveUser(id: number): (StaffUser & { locale: Language | null; totpEnabledAt: Date | null }) | undefined {
  return db
    .select({ ...publicColumns, locale: users.locale, totpEnabledAt: users.totpEnabledAt })
    .from(users)
    .where(and(eq(users.id, id), isNull(users.disabledAt)))
    .get();
}

export function findUserForSignIn(email: string) {
  return db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get();
}

export function listUsers() {
  return db
    .select({ ...publicColumns, createdAt: users.createdAt, disabledAt: users.disabledAt })
    .from(users)
    .orderBy(asc(users.email))
    .all();
}

export function listActiveCsms() {
  return db.select(publicColumns).from(users).where(isNull(users.disabledAt)).orderBy(asc(users.name)).all();
}

export function findUserByEmail(email: string) {
  return db
    .select(publicColumns)
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get();
}

/** One user as the user-management pages show them, disabled or not. */
export function findUserById(id: number, conn: Db = db) {
  return conn
    .select({ ...publicColumns, createdAt: users.createdAt, disabledAt: users.disabledAt, totpEnabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.id, id))
    .get();
}

export function countActiveAdmins(conn: Db = db): number {
  return (
    conn
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
      .get()?.n ?? 0
  );
}

export function updateUserRole(tx: Db, id: number, role: Role) {
  tx.update(users).set({ role }).where(eq(users.id, id)).run();
}

export function updateUserDisabledAt(tx: Db, id: number, disabledAt: Date | null) {
  tx.update(users).set({ disabledAt }).where(eq(users.id, id)).run();
}

export function updateUserPasswordHash(tx: Db, id: number, passwordHash: string) {
  tx.update(users).set({ passwordHash }).where(eq(users.id, id)).run();
}

/** Signs a user out everywhere, except (optionally) the session making the change. */
export function deleteStaffSessions(tx: Db, userId: number, exceptSessionId?: string) {
  tx.delete(staffSessions)
    .where(exceptSessionId ? and(eq(staffSessions.userId, userId), ne(staffSessions.id, exceptSessionId)) : eq(staffSessions.userId, userId))
    .run();
}

export function countStaffSessions(userId: number): number {
  return db.select({ n: count() }).from(staffSessions).where(eq(staffSessions.userId, userId)).get()?.n ?? 0;
}

/** Sets the language of a person's console (the header's switch, their profile, their first sign-in). */
export function setUserLocale(id: number, locale: Language, conn: Db = db) {
  conn.update(users).set({ locale }).where(eq(users.id, id)).run();
}

/** The stored password hash of an active user (for checking their current password), or null. */
export function findActivePasswordHash(id: number): string | null {
  return (
    db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(and(eq(users.id, id), isNull(users.disabledAt)))
      .get()?.passwordHash ?? null
  );
}
