import { and, asc, count, eq, isNull } from "drizzle-orm";
import { users } from "../../db/schema";
import type { Role } from "../domain/permissions";
import { db } from "../utils/db.server";

export type StaffUser = { id: number; email: string; name: string; role: Role };

const publicColumns = { id: users.id, email: users.email, name: users.name, role: users.role };

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export function findActiveUser(id: number): StaffUser | undefined {
  return db.select(publicColumns).from(users).where(and(eq(users.id, id), isNull(users.disabledAt))).get();
}

export function findUserForSignIn(email: string) {
  return db.select().from(users).where(eq(users.email, normalizeEmail(email))).get();
}

export function listUsers() {
  return db.select({ ...publicColumns, createdAt: users.createdAt, disabledAt: users.disabledAt }).from(users).orderBy(asc(users.email)).all();
}

export function listActiveCsms() {
  return db.select(publicColumns).from(users).where(isNull(users.disabledAt)).orderBy(asc(users.name)).all();
}

export function findUserByEmail(email: string) {
  return db.select(publicColumns).from(users).where(eq(users.email, normalizeEmail(email))).get();
}

export function countUsers(): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}
