import { backupJob } from "./job-types.server";
import { runNightlyBackup } from "../services/backup.server";

// The nightly backup into BACKUP_DIR.
backupJob.handle(async (payload) => {
  await runNightlyBackup(payload);
});
