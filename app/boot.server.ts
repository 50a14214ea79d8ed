import { runMigrations, startWalCheckpointer } from "../db/client";
import { queueDayRekeyIfStale } from "./jobs/aggregate-days-rekey.server";
import { queuePostRerenderIfStale } from "./jobs/community-rerender.server";
import { migrateWithBackup, PreMigrationBackupFailed } from "./services/backup.server";
import { ensureFirstAdmin, firstAdminNotice } from "./services/ensure-first-admin.server";
import { resumeLeasesOfDeadProcesses, type ResumedLeases } from "./services/resume-dead-leases.server";
import { db, sqlite } from "./utils/db.server";
import { env as readEnv, EnvError, type Env } from "./utils/env.server";
import { log } from "./utils/log.server";
import { joinInstall } from "./utils/install-lock.server";
import { startWorker } from "./worker.server";
import { seedDemoIfEmpty } from "../db/seed";

/** Start-up shared by the server and the standalone worker: config, schema, first data. */
export async function boot(role: "server" | "worker"): Promise<{ env: Env; startWorker: typeof startWorker }> {
  let env: Env;
  try {
    env = readEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // With BACKUP_DIR set and migrations to run on an existing database: a backup first (docs/decisions/042).
  try {
    const backedUp = await migrateWithBackup(() => runMigrations(db));
    if (backedUp?.ok) log().info({ file: backedUp.file }, `Backed up the database before migrating: ${backedUp.file}`);
  } catch (error) {
    if (error instanceof PreMigrationBackupFailed) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  startWalCheckpointer(sqlite(), env.databaseFile);
  // Every process of the install holds the install lock; only the one-process deployment (the
  // server running its worker) resumes what a dead process left leased, and only when alone.
  const start: { resumed?: ResumedLeases } = {};
  const resumes = role === "server" && env.KIZUNA_WORKER;
  joinInstall(env.databaseFile, resumes ? () => (start.resumed = resumeLeasesOfDeadProcesses()) : undefined);
  if (start.resumed) logResumed(start.resumed);
  if (role === "server") {
    const admin = await ensureFirstAdmin();
    if (admin) log().info({ email: admin.email, passwordFile: admin.passwordFile }, firstAdminNotice(admin).join(" "));
    if (env.KIZUNA_DEMO) {
      const seeded = seedDemoIfEmpty(db);
      if (seeded) {
        log().info(
          seeded,
          `Loaded demo data: ${seeded.accounts} accounts, ${seeded.contacts} contacts, ${seeded.users} CSMs. Demo CSMs sign in once an admin sets their password (console → Users).`,
        );
      }
    }
  }
  // Counts kept in another zone than the team's (UTC ones from before zones were kept) are moved to it.
  queueDayRekeyIfStale();
  // Posts an older Markdown renderer wrote are rendered again by today's.
  queuePostRerenderIfStale();
  return { env, startWorker };
}

function logResumed({ jobs, emails }: ResumedLeases) {
  if (jobs === 0 && emails === 0) return;
  log().info({ jobs, emails }, `Resuming what a stopped process left in progress: ${jobs} job(s), ${emails} email(s).`);
}
