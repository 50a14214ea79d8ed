import { runMigrations } from "../db/client";
import { queueDayRekeyIfStale } from "./jobs/aggregate-days-rekey.server";
import { ensureFirstAdmin } from "./services/ensure-first-admin.server";
import { db } from "./utils/db.server";
import { env as readEnv, EnvError, type Env } from "./utils/env.server";
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
  runMigrations(db);
  if (role === "server") {
    const admin = await ensureFirstAdmin();
    if (admin) {
      console.log("Created the first admin. This password is shown only once:");
      console.log(`  email:    ${admin.email}`);
      console.log(`  password: ${admin.password}`);
    }
    if (env.KIZUNA_DEMO) {
      const seeded = seedDemoIfEmpty(db);
      if (seeded) {
        console.log(`Loaded demo data: ${seeded.accounts} accounts, ${seeded.contacts} contacts, ${seeded.users} CSMs.`);
        console.log("Demo CSMs sign in once an admin sets their password (console → Users).");
      }
    }
  }
  // Counts kept in another zone than the team's (UTC ones from before zones were kept) are moved to it.
  queueDayRekeyIfStale();
  return { env, startWorker };
}
