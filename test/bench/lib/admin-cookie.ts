/**
 * Run as its own process against DATABASE_URL: adds an admin and prints `COOKIE <value>`, a
 * signed-in session for it. A bench that drives the built server over HTTP signs in this way
 * without opening the app's database connection in the harness's own process.
 */
import { createStaff, staffCookie } from "../../factories";

const admin = createStaff("admin", { email: `bench-admin-${Date.now()}@kizuna.test`, name: "Bench admin" });
process.stdout.write(`COOKIE ${await staffCookie(admin.id)}\n`);
