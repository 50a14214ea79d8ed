import { describe, expect, it } from "vitest";
import { backupFileName, backupHealth, backupsToPrune, parseBackupFileName, partialBackupPid } from "./backups";

const at = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;

describe("backup file names", () => {
  it("name the UTC second and the kind, and read back", () => {
    const name = backupFileName(at("2026-12-07T03:00:05.250Z"), "nightly");
    expect(name).toBe("kizuna-backup-20261207T030005Z-nightly.db");
    expect(parseBackupFileName(name)).toEqual({ at: at("2026-12-07T03:00:05Z"), kind: "nightly" });
    expect(parseBackupFileName(backupFileName(at("2026-01-31T23:59:59Z"), "pre-migration"))).toMatchObject({ kind: "pre-migration" });
  });

  it("do not match other files, near misses, impossible dates or a write in progress", () => {
    for (const name of [
      "kizuna.db",
      "kizuna-backup-20261207T030005Z-nightly.db-wal",
      "kizuna-backup-20261207T030005Z.db",
      "kizuna-backup-20261207T030005Z-weekly.db",
      "kizuna-backup-20261340T030005Z-nightly.db",
      "my-kizuna-backup-20261207T030005Z-nightly.db",
      ".kizuna-backup-20261207T030005Z-nightly.db.partial-123",
    ])
      expect(parseBackupFileName(name), name).toBeNull();
  });

  it("tell a write in progress and its process", () => {
    expect(partialBackupPid(".kizuna-backup-20261207T030005Z-nightly.db.partial-4242")).toBe(4242);
    expect(partialBackupPid("kizuna-backup-20261207T030005Z-nightly.db")).toBeNull();
    expect(partialBackupPid(".kizuna-backup-20261207T030005Z-nightly.db.partial-4242-journal")).toBe(4242);
    expect(partialBackupPid(".other.db.partial-12")).toBeNull();
  });
});

describe("the keep rule", () => {
  const now = at("2026-12-20T03:00:00Z");
  const daysAgo = (days: number, kind: "nightly" | "manual" | "pre-migration" = "nightly") => backupFileName(now - days * DAY, kind);

  it("deletes Kizuna backups older than the kept days, keeps the rest and every other file", () => {
    const names = [
      daysAgo(0),
      daysAgo(1),
      daysAgo(13),
      daysAgo(14),
      daysAgo(14.01),
      daysAgo(15, "pre-migration"),
      daysAgo(30, "manual"),
      "kizuna.db",
      "notes.txt",
    ];
    expect(backupsToPrune(names, now, 14)).toEqual([daysAgo(30, "manual"), daysAgo(15, "pre-migration"), daysAgo(14.01)].sort());
  });

  it("keeps exactly the last day with BACKUP_KEEP=1", () => {
    expect(backupsToPrune([daysAgo(0), daysAgo(0.5), daysAgo(1.5)], now, 1)).toEqual([daysAgo(1.5)]);
  });

  it("never deletes the newest backup, however old it is", () => {
    const names = [daysAgo(40), daysAgo(50), daysAgo(60)];
    expect(backupsToPrune(names, now, 14)).toEqual([daysAgo(50), daysAgo(60)].sort());
    expect(backupsToPrune([daysAgo(90)], now, 14)).toEqual([]);
    expect(backupsToPrune(["unrelated.db"], now, 14)).toEqual([]);
  });

  it("refuses a keep of less than a day", () => {
    expect(() => backupsToPrune([], now, 0)).toThrow(RangeError);
  });
});

describe("backup health for the digest", () => {
  const now = at("2026-12-07T08:00:00Z");
  const success = (hoursAgo: number) => ({ at: now - hoursAgo * 3_600_000, file: "f", bytes: 2048, ms: 10 });

  it("is ok for a backup within 36 hours and stale after", () => {
    expect(backupHealth({ lastSuccess: success(5), lastFailure: null, failuresSinceSuccess: 0 }, now)).toMatchObject({ state: "ok", ageHours: 5 });
    expect(backupHealth({ lastSuccess: success(36), lastFailure: null, failuresSinceSuccess: 0 }, now)).toMatchObject({ state: "ok" });
    expect(backupHealth({ lastSuccess: success(37), lastFailure: null, failuresSinceSuccess: 0 }, now)).toMatchObject({ state: "stale", ageHours: 37 });
  });

  it("calls out a failure after the last success, with the reason and the last good backup's age", () => {
    const failure = { at: now - 3_600_000, reason: "disk full" };
    expect(backupHealth({ lastSuccess: success(29), lastFailure: failure, failuresSinceSuccess: 1 }, now)).toEqual({
      state: "failed",
      reason: "disk full",
      failedAt: failure.at,
      lastSuccessAt: success(29).at,
      ageHours: 29,
    });
    expect(backupHealth({ lastSuccess: null, lastFailure: failure, failuresSinceSuccess: 1 }, now)).toMatchObject({ state: "failed", ageHours: null });
    // A failure the next backup made good is history.
    expect(backupHealth({ lastSuccess: success(1), lastFailure: { at: now - 5 * 3_600_000, reason: "x" }, failuresSinceSuccess: 0 }, now)).toMatchObject({
      state: "ok",
    });
  });

  it("says when there was never a backup", () => {
    expect(backupHealth({ lastSuccess: null, lastFailure: null, failuresSinceSuccess: 0 }, now)).toEqual({ state: "never" });
  });
});
