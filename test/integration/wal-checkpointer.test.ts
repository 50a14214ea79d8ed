import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSqlite, startWalCheckpointer, type Sqlite } from "../../db/client";

describe("the write-ahead log's checkpointer thread", () => {
  let dir: string;
  let sqlite: Sqlite | undefined;
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    sqlite?.close();
    rmSync(dir, { force: true, recursive: true });
  });

  it("copies what the process commits into the database file without the process checkpointing itself", async () => {
    dir = mkdtempSync(join(tmpdir(), "kizuna-wal-"));
    const file = join(dir, "app.db");
    sqlite = openSqlite(file);
    sqlite.exec("CREATE TABLE t (body TEXT)");
    stop = startWalCheckpointer(sqlite, file);
    // The process's own threshold is only a fallback now: 2 MB of commits stay below it.
    expect(sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(10_000);
    const insert = sqlite.prepare("INSERT INTO t (body) VALUES (?)");
    for (let i = 0; i < 20; i++) insert.run("x".repeat(100_000));

    // Until a checkpoint, the rows live in the log and the database file holds the schema only;
    // within a few of the thread's rounds, they are copied into the file.
    expect(statSync(file).size).toBeLessThan(100_000);
    const deadline = Date.now() + 5_000;
    let copied = false;
    while (!copied && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      copied = statSync(file).size > 1_900_000;
    }
    expect(copied).toBe(true);
  });
});
