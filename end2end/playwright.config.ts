import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser. The server runs on a throw-away in-memory database
// with the demo programme loaded.
const port = Number(process.env.E2E_PORT ?? 3100);
const bin = process.env.TESSERA_BIN ?? "../target/debug/tessera";

export default defineConfig({
  testDir: "./tests",
  // A whole journey (a round run from creation to the reply a migrant reads) takes about a minute on
  // two slow cores with the debug server; the limit only catches a hang.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "off",
  },
  webServer: {
    command: `${bin} --db mem:// serve --addr 127.0.0.1:${port} --demo --dev --argon2-memory-kib 4096 --argon2-iterations 1`,
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
