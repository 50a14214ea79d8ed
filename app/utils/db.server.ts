import { openDb, type Db, type Sqlite } from "../../db/client";
import { env } from "./env.server";

// One connection per process, shared by the server entry and the Remix build (two module copies).
const holder = globalThis as unknown as { __kizunaDb?: { db: Db; sqlite: Sqlite } };

function connection() {
  return (holder.__kizunaDb ??= openDb(env().databaseFile));
}

export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const real = connection().db;
    const value = Reflect.get(real, prop);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
export const sqlite = (): Sqlite => connection().sqlite;

export function closeDb() {
  holder.__kizunaDb?.sqlite.close();
  holder.__kizunaDb = undefined;
}

/** Runs `fn` in one IMMEDIATE transaction: all of it is written or none of it. */
export function transaction<T>(fn: (tx: Db) => T): T {
  const { sqlite, db } = connection();
  return sqlite.transaction(() => fn(db)).immediate();
}
