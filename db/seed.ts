import type { Db } from "./client";
export function seedDemoIfEmpty(_db: Db): { accounts: number; contacts: number } | null {
  return null;
}
