import { defineConfig, devices } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM } from "./test/support/chromium";
import { freePort } from "./test/support/free-port";

// The config is evaluated by the runner and again by each worker; workers inherit the ports.
process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_RESEND_PORT ??= String(await freePort());
// The server's database file, which specs may read (never write) to tell data from interface text.
const runDir = mkdtempSync(join(tmpdir(), "kizuna-e2e-"));
process.env.E2E_DATABASE_PATH ??= join(runDir, "kizuna.db");
// Everything the server prints, for the final check that the run's secrets never reached its log.
process.env.E2E_LOG_PATH ??= join(runDir, "server.log");
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

export default defineConfig({
  testDir: "test/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  globalTeardown: "./test/e2e/global-teardown.ts",
  use: {
    baseURL,
    // Pages follow the browser's language; tests that want Japanese ask for it per context.
    locale: "en-US",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: CHROMIUM,
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"] }, testIgnore: /mobile/ },
    { name: "phone", use: { ...devices["Pixel 7"] }, testMatch: /mobile/ },
  ],
  webServer: {
    command: "npm run e2e:serve",
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
