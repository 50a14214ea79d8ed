import type { Statement } from "better-sqlite3";
import { openDb, type Db, type Sqlite } from "../../db/client";
import { env } from "./env.server";

// One connection per process, whoever imports this module (the server build, the CLI, tests).
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

const statementCache = new WeakMap<Sqlite, Map<string, Statement>>();

/**
 * A statement prepared once per connection, for the few per-row writes of bulk work (one email
 * and one invitation per recipient of a 100,000-contact wave), where building the query each
 * time costs more than running it. Runs on `conn`'s own connection, so inside its transaction.
 */
export function preparedOn(conn: Db, sql: string): Statement {
  const client = conn.$client;
  let statements = statementCache.get(client);
  if (!statements) statementCache.set(client, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = client.prepare(sql)));
  return statement;
}
