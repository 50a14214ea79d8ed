/**
 * Debian's Chromium, launched by the e2e tests and the benches that weigh pages: no sandbox (the
 * machine runs as root in a container), no GPU, and nothing that phones home while a test runs.
 */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--metrics-recording-only",
  ],
};
