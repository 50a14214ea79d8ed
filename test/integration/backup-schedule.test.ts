import Database from "better-sqlite3";
import { and, eq } from "drizzle-orm";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import "../../app/jobs.server";
import { digestNpsWeeks } from "../../app/domain/admin-digest";
import { backupFileName } from "../../app/domain/backups";
import { putSetting } from "../../app/models/settings.server";
import { loader as metricsLoader } from "../../app/routes/metrics";
import { sendAdminDigest } from "../../app/services/admin-digest.server";
import { backupIntoDir, migrateWithBackup, scheduleNightlyBackup } from "../../app/services/backup.server";
import { runDueJobs } from "../../app/services/run-due-jobs.server";
import { db, sqlite } from "../../app/utils/db.server";
import { backupTo, BackupCheckFailed } from "../../db/client";
import { auditLog, jobs, npsDaily, outbox, users } from "../../db/schema";
import { createAccount, createStaff } from "../factories";
import { outboxEmails } from "../factories/outbox";

const holder = globalThis as unknown as { __kizunaEnv?: unknown };
const TOKEN = "metrics-token-0123456789abcdef";
let dir: string;

function useEnv(values: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  holder.__kizunaEnv = undefined;
}

// A zone where 03:00 has passed today, whatever the hour the test runs at.
const zonePastThree = () => (new Date().getUTCHours() >= 3 ? "UTC" : "Pacific/Kiritimati");
const teamZone = (timeZone: string) => putSetting("closeTheLoop", { slaBusinessDays: 2, techTouchCaseThresholds: {}, timeZone, holidays: [] });

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), "kizuna-backups-")), "backups");
  useEnv({ BACKUP_DIR: dir, BACKUP_KEEP: undefined, METRICS_TOKEN: TOKEN });
  // Each case starts from no backup history, no jobs, no emails and no active admin.
  db.delete(auditLog).run();
  db.delete(jobs).run();
  db.delete(outbox).run();
  db.update(users).set({ disabledAt: new Date() }).run();
  teamZone(zonePastThree());
});
afterEach(() => useEnv({ BACKUP_DIR: undefined, BACKUP_KEEP: undefined, METRICS_TOKEN: undefined }));

const backupAudit = (action: "backup.completed" | "backup.failed") =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entity, "backup")))
    .all();

async function scrape(): Promise<string> {
  const response = await metricsLoader({
    request: new Request("http://localhost:3000/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } }),
    params: {},
    context: {},
  });
  return response.text();
}
const sample = (text: string, name: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};

describe("the nightly backup", () => {
  it("is queued once per team day after 03:00 in the team's zone, and only with BACKUP_DIR set", () => {
    teamZone("Asia/Tokyo");
    // 02:59 in Tokyo: not yet.
    expect(scheduleNightlyBackup(Date.parse("2026-12-06T17:59:00Z"))).toBeNull();
    const first = scheduleNightlyBackup(Date.parse("2026-12-06T18:00:00Z"));
    expect(first).toEqual(expect.any(Number));
    expect(scheduleNightlyBackup(Date.parse("2026-12-06T23:00:00Z"))).toBe(first);
    const job = db.select().from(jobs).where(eq(jobs.id, first!)).get()!;
    expect(job).toMatchObject({
      type: "backup.nightly",
      uniqueKey: "backup.nightly:2026-12-07",
      payload: { day: "2026-12-07", at: Date.parse("2026-12-06T18:00:00Z") },
    });
    // The next team day is another backup.
    expect(scheduleNightlyBackup(Date.parse("2026-12-07T18:00:00Z"))).not.toBe(first);

    useEnv({ BACKUP_DIR: undefined });
    expect(scheduleNightlyBackup(Date.parse("2026-12-08T18:00:00Z"))).toBeNull();
  });

  it("writes a checked copy under a Kizuna name, records it in the audit log and /metrics, and keeps BACKUP_KEEP days", async () => {
    useEnv({ BACKUP_KEEP: "7" });
    const account = createAccount({ externalId: "in-the-backup" });
    mkdirSync(dir, { recursive: true });
    const now = Date.now();
    const old = backupFileName(now - 8 * 86_400_000, "nightly");
    const recent = backupFileName(now - 6 * 86_400_000, "pre-migration");
    for (const name of [old, recent, "kizuna.db", "someone-elses-backup.db"]) writeFileSync(join(dir, name), "x");
    // A backup whose process died mid-copy (no process has this pid), and one in progress elsewhere (ours).
    writeFileSync(join(dir, `.${backupFileName(now - 3_600_000, "nightly")}.partial-999999999`), "half");

    expect(scheduleNightlyBackup(now)).toEqual(expect.any(Number));
    const summary = await runDueJobs();
    expect(summary).toMatchObject({ done: 1, dead: 0, retried: 0 });

    const files = readdirSync(dir).sort();
    const taken = files.find((name) => name.endsWith("-nightly.db") && name !== old)!;
    expect(files).toEqual([taken, recent, "kizuna.db", "someone-elses-backup.db"].sort());
    const copy = new Database(join(dir, taken), { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    // One self-contained file: opening it leaves no -wal or -shm beside it.
    expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(copy.prepare("SELECT external_id FROM accounts WHERE id = ?").get(account.id)).toEqual({ external_id: "in-the-backup" });
    copy.close();

    const [entry] = backupAudit("backup.completed");
    expect(entry).toMatchObject({ entityId: taken, detail: { kind: "nightly", file: join(dir, taken), bytes: expect.any(Number), ms: expect.any(Number) } });
    expect((entry.detail as { bytes: number }).bytes).toBeGreaterThan(4096);

    const text = await scrape();
    expect(sample(text, "kizuna_backup_last_success_timestamp_seconds")).toBeCloseTo(entry.at.getTime() / 1000, 0);
    expect(sample(text, "kizuna_backup_last_success_bytes")).toBe((entry.detail as { bytes: number }).bytes);
    expect(sample(text, "kizuna_backup_failures")).toBe(0);

    // The job run again (its process died after the copy) takes no second backup.
    db.update(jobs).set({ status: "queued", runAt: 0 }).where(eq(jobs.type, "backup.nightly")).run();
    await runDueJobs();
    expect(readdirSync(dir).filter((name) => name.endsWith("-nightly.db"))).toEqual([taken]);
  });

  it("records a failure with its reason, retries, counts it in /metrics and calls it out in the admin digest", async () => {
    // BACKUP_DIR is a file: nothing can be written into it.
    writeFileSync(join(dir, "..", "not-a-dir"), "x");
    useEnv({ BACKUP_DIR: join(dir, "..", "not-a-dir") });
    const admin = createStaff("admin");
    expect(scheduleNightlyBackup(Date.now())).toEqual(expect.any(Number));
    expect(await runDueJobs()).toMatchObject({ retried: 1 });
    const [failure] = backupAudit("backup.failed");
    expect(failure.detail).toMatchObject({ kind: "nightly", reason: expect.stringMatching(/ENOTDIR|EEXIST|not a directory/i) });
    expect(db.select().from(jobs).where(eq(jobs.type, "backup.nightly")).get()).toMatchObject({
      status: "queued",
      lastError: expect.stringContaining("nightly backup failed"),
    });

    const text = await scrape();
    expect(sample(text, "kizuna_backup_failures")).toBe(1);
    expect(sample(text, "kizuna_backup_last_failure_timestamp_seconds")).toBeCloseTo(failure.at.getTime() / 1000, 0);
    expect(sample(text, "kizuna_backup_last_success_timestamp_seconds")).toBe(0);

    // Nothing else to report: the backup's failure alone sends the digest, and leads it.
    const slot = { day: "2026-12-07", at: Date.now() - 60_000 };
    expect(await sendAdminDigest(slot)).toEqual({ sent: 1 });
    const [mail] = outboxEmails(eq(outbox.template, "admin-digest"));
    expect(mail.toEmail).toBe(admin.email);
    expect(mail.subject).toMatch(/^Backups need attention · Kizuna digest for 2026-12-07/);
    expect(mail.text).toContain("The last backup failed: ");
    expect(mail.text).toContain("There is no good backup yet.");
    expect(mail.text.indexOf("Backups")).toBeLessThan(mail.text.indexOf("new detractors"));
  });

  it("calls out a last good backup older than 36 hours, and says in one line when backups are fine", async () => {
    createStaff("admin", { locale: "ja" });
    const slot = { day: "2026-12-07", at: Date.now() - 60_000 };
    db.insert(auditLog)
      .values({
        action: "backup.completed",
        entity: "backup",
        entityId: "x",
        at: new Date(Date.now() - 40 * 3_600_000),
        detail: { bytes: 2048, file: "x", ms: 1 },
      })
      .run();
    expect(await sendAdminDigest(slot)).toEqual({ sent: 1 });
    const [stale] = outboxEmails(eq(outbox.template, "admin-digest"));
    expect(stale.subject).toMatch(/^バックアップを確認してください・/);
    expect(stale.text).toContain("40 時間バックアップが取得されていません");

    await backupIntoDir("manual");
    expect(await sendAdminDigest({ day: "2026-12-08", at: Date.now() })).toEqual({ sent: 0, reason: "nothing-to-report" });
    // With other news, the digest says in one line, at the end, that backups are fine.
    db.insert(npsDaily)
      .values({
        day: digestNpsWeeks("2026-12-09").current.to,
        campaignId: 0,
        segment: "low",
        csmUserId: 0,
        stage: "adoption",
        locale: "en",
        score: 9,
        responses: 2,
      })
      .run();
    expect(await sendAdminDigest({ day: "2026-12-09", at: Date.now() })).toEqual({ sent: 1 });
    const fine = outboxEmails(eq(outbox.template, "admin-digest")).at(-1)!;
    expect(fine.subject).not.toContain("バックアップを確認");
    expect(fine.text).toMatch(/最新のバックアップは 1 時間以内に取得され（[\d.]+ [KM]B）、整合性チェックに合格しています。/);
    expect(fine.text.indexOf("最新のバックアップ")).toBeGreaterThan(fine.text.indexOf("NPS"));
  });
});

describe("the backup before migrations", () => {
  it("is taken when migrations are pending on an existing database, recorded once migrated, and not otherwise", async () => {
    createAccount({ externalId: "before-the-upgrade" });
    let migrated = 0;
    // Nothing pending: no backup.
    expect(await migrateWithBackup(() => migrated++)).toBeNull();
    expect(migrated).toBe(1);

    // One migration "pending" (its record removed); the stand-in migration puts it back.
    const last = sqlite().prepare("SELECT id, hash, created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1").get() as {
      id: number;
      hash: string;
      created_at: number;
    };
    sqlite().prepare("DELETE FROM __drizzle_migrations WHERE created_at = ?").run(last.created_at);
    const outcome = await migrateWithBackup(() => {
      expect(backupAudit("backup.completed")).toHaveLength(0);
      sqlite().prepare("INSERT INTO __drizzle_migrations (id, hash, created_at) VALUES (?, ?, ?)").run(last.id, last.hash, last.created_at);
    });
    expect(outcome).toMatchObject({ ok: true, kind: "pre-migration" });
    const file = (outcome as { file: string }).file;
    expect(file).toMatch(/kizuna-backup-\d{8}T\d{6}Z-pre-migration\.db$/);
    const copy = new Database(file, { readonly: true });
    expect(copy.prepare("SELECT count(*) AS n FROM __drizzle_migrations WHERE created_at = ?").get(last.created_at)).toEqual({ n: 0 });
    expect(copy.prepare("SELECT count(*) AS n FROM accounts WHERE external_id = 'before-the-upgrade'").get()).toEqual({ n: 1 });
    copy.close();
    expect(backupAudit("backup.completed")).toMatchObject([{ detail: { kind: "pre-migration" } }]);

    useEnv({ BACKUP_DIR: undefined });
    sqlite().prepare("DELETE FROM __drizzle_migrations WHERE created_at = ?").run(last.created_at);
    expect(await migrateWithBackup(() => {})).toBeNull();
  });

  it("stops the start, database untouched, when that backup fails", async () => {
    writeFileSync(join(dir, "..", "blocked"), "x");
    useEnv({ BACKUP_DIR: join(dir, "..", "blocked") });
    sqlite().prepare("DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)").run();
    let migrated = false;
    await expect(migrateWithBackup(() => (migrated = true))).rejects.toThrow(/backup before migrating failed .*the database was not migrated/);
    expect(migrated).toBe(false);
  });
});

describe("a copy that fails its integrity check", () => {
  it("is deleted: no backup file appears", async () => {
    // A database whose index no longer matches its table: SQLite's backup copies the pages as they are.
    const source = join(dir, "..", "damaged.db");
    const damaged = new Database(source);
    damaged.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t (v);");
    const insert = damaged.prepare("INSERT INTO t (v) VALUES (?)");
    damaged.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`value-${i}`);
    })();
    const indexRoot = damaged.prepare("SELECT rootpage FROM sqlite_master WHERE name = 't_v'").pluck().get() as number;
    const pageSize = damaged.pragma("page_size", { simple: true }) as number;
    damaged.pragma("journal_mode = DELETE");
    damaged.close();
    // Garbage over the index's root page (the bytes a failing disk could leave).
    const fd = openSync(source, "r+");
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (indexRoot - 1) * pageSize);
    closeSync(fd);

    const target = join(dir, "copy.db");
    await expect(backupTo(source, target)).rejects.toBeInstanceOf(BackupCheckFailed);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
