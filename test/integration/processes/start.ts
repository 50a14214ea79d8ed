export {};

/**
 * A Kizuna process for tests that need more than one: `hold` joins the install (as a web-only
 * or worker process does), `boot` runs the server's start-up
 * (migrations, install lock, resume), `worker` the standalone worker's.
 * Prints one JSON line once started, then stays alive until killed.
 */
const mode = process.argv[2];
if (mode === "hold") {
  const { joinInstall } = await import("../../../app/utils/install-lock.server");
  const { env } = await import("../../../app/utils/env.server");
  const lock = joinInstall(env().databaseFile);
  console.log(JSON.stringify({ started: true, alone: lock.alone }));
} else if (mode === "boot" || mode === "worker") {
  const { boot } = await import("../../../app/boot.server");
  await boot(mode === "boot" ? "server" : "worker");
  console.log(JSON.stringify({ started: true }));
} else {
  console.error(`Unknown mode ${mode}`);
  process.exit(2);
}
setInterval(() => {}, 60_000);
