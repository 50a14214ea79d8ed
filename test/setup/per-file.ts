import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Each test file gets its own copy of the migrated base database and a fixed config.
const dir = mkdtempSync(join(tmpdir(), "kizuna-test-"));
const file = join(dir, "kizuna.db");
copyFileSync(process.env.KIZUNA_TEST_BASE_DB!, file);
process.env.DATABASE_URL = `file:${file}`;
process.env.SESSION_SECRET ??= "test-session-secret-0123456789abcdef0123456789";
process.env.APP_URL ??= "http://localhost:3000";
process.env.NODE_ENV = "test";
// Tests read what is logged through captureLog; the rest would only crowd the runner's output.
process.env.LOG_LEVEL ??= "warn";
delete process.env.RESEND_API_KEY;
