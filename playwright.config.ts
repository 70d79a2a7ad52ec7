import { defineConfig } from "@playwright/test";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_URL = `http://localhost:${E2E_PORT}`;
/** Separate folders (and NEXT_DIST_DIR for the build) let two runs share a checkout. */
const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? ".data/e2e";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: E2E_URL,
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    // A fresh embedded database for every run; production build, demo users, no demo traffic.
    command: `rm -rf ${E2E_DATA_DIR} && exec node --import tsx scripts/start.ts`,
    url: `${E2E_URL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: {
      PORT: String(E2E_PORT),
      FLOODWALL_DATA_DIR: E2E_DATA_DIR,
      EMBEDDED_PG_PORT: String(Number(process.env.E2E_PG_PORT ?? 54339)),
      FLOODWALL_DEMO_TRAFFIC: "off",
      // Every spec signs in from 127.0.0.1; throttling itself is covered by integration tests.
      SIGNIN_RATE_PER_MINUTE: "1000",
      FLOODWALL_INGEST_TOKEN: "e2e-ingest-token-0123456789",
      // Warnings and errors only: a line per request would bury the test report.
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
    },
  },
});
