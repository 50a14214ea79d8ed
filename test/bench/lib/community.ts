import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { openSqlite } from "../../../db/client";
import { migratedDatabase } from "./databases";
import { spawnNode, tempDir } from "./processes";

const SESSION_SECRET = "bench-session-secret-0123456789abcdef0123456789";

function communityTopics(file: string): number {
  const sqlite = openSqlite(file);
  try {
    return sqlite.prepare<[], { n: number }>("SELECT count(*) AS n FROM community_topics").get()!.n;
  } catch {
    return 0;
  } finally {
    sqlite.close();
  }
}

let seeded: Promise<string> | null = null;

/**
 * The large community alone (`seed --scale large --only community` into a new database, once per
 * run), or `BENCH_LARGE_DATABASE` when it already holds a community (a full large seed).
 */
function communityTemplate(): Promise<string> {
  const given = process.env.BENCH_LARGE_DATABASE;
  if (given && existsSync(given) && communityTopics(given) > 0) return Promise.resolve(given);
  seeded ??= (async () => {
    const file = migratedDatabase("community-large");
    const node = spawnNode("db/cli.ts", ["seed", "--scale", "large", "--only", "community"], { DATABASE_URL: `file:${file}`, SESSION_SECRET });
    const code = await node.exited;
    if (code !== 0) throw new Error(`seed --scale large --only community exited with ${code}:\n${node.output()}`);
    return file;
  })();
  return seeded;
}

/** A copy of the large community's database, for one bench to read and write. */
export async function communityDatabase(): Promise<string> {
  const template = await communityTemplate();
  const file = join(tempDir("copy-community"), "kizuna.db");
  copyFileSync(template, file);
  if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, `${file}-wal`);
  return file;
}

/** A signed-in community member's session cookie (a new contact at a tech-touch account). */
export async function memberCookie(databaseFile: string): Promise<string> {
  const child = spawnNode("test/bench/lib/member-cookie.ts", [], { DATABASE_URL: `file:${databaseFile}`, SESSION_SECRET });
  const code = await child.exited;
  const cookie = /^COOKIE (.+)$/m.exec(child.output())?.[1];
  if (code !== 0 || !cookie) throw new Error(`Could not sign in a member (exit ${code}):\n${child.output()}`);
  return cookie;
}

/** Readies the member to post and 1,000 watchers on `topicId`; returns a topic nobody watches. */
export async function replySetup(databaseFile: string, topicId: number): Promise<number> {
  const child = spawnNode("test/bench/lib/reply-setup.ts", [], {
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET,
    TOPIC_ID: String(topicId),
  });
  const code = await child.exited;
  const quiet = /^READY (\d+)$/m.exec(child.output())?.[1];
  if (code !== 0 || !quiet) throw new Error(`Could not ready the reply bench (exit ${code}):\n${child.output()}`);
  return Number(quiet);
}
