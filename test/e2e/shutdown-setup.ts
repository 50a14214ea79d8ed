export {};

/**
 * Prepares the database of the shutdown spec's own server (DATABASE_URL): migrated, with
 * `count` sign-in emails queued to distinct addresses (argv[2]), so the worker has mail to send
 * when the process is told to stop.
 */
const count = Number(process.argv[2] ?? 6);
const { runMigrations } = await import("../../db/client");
const { db } = await import("../../app/utils/db.server");
const { sendEmail } = await import("../factories/email");
runMigrations(db);
for (let i = 0; i < count; i++) {
  await sendEmail(
    "magic-link",
    { name: `Person ${i}`, url: "http://127.0.0.1/login/placeholder", expiresMinutes: 15 },
    { to: `person${i}@shutdown.test`, locale: "en" },
  );
}
console.log(JSON.stringify({ queued: count }));
