#!/usr/bin/env bash
# The whole test suite: unit and property tests, HTTP integration tests (real router, mem://), and
# end-to-end tests in Debian's Chromium with axe accessibility scans. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test

# The server the browser tests start is the debug binary built here; .cargo/config.toml gives it the
# same flags as the release WebAssembly it serves, so its markup is what the bundle hydrates.

printf '\n==> cargo fmt --check, cargo clippy -D warnings\n'
cargo fmt --all --check
cargo clippy -p app -p server --all-targets -- -D warnings

LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT

printf '\n==> unit and integration tests (cargo nextest)\n'
cargo nextest run -p app -p server --no-fail-fast 2>&1 | tee "$LOGS/rust.log"

# The browser loads the bundle the run command serves: same profile, same wasm-bindgen and wasm-opt,
# same hashed and precompressed files. A broken release front-end fails the browser tests below.
bash scripts/site.sh

printf '\n==> end-to-end tests in Chromium\n'
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export TESSERA_BIN="$TARGET_DIR/debug/tessera"
export LEPTOS_SITE_ROOT="$PWD/target/site"
status=0
(cd end2end && npx playwright test) 2>&1 | tee "$LOGS/e2e.log" || status=$?

printf '\n==> ws:// path against a real SurrealDB server on loopback\n'
bash scripts/ws-check.sh 2>&1 | tee "$LOGS/ws.log" || status=$?

# One closing line for the whole suite.
rust_passed=$(grep -oE '[0-9]+ tests run: [0-9]+ passed' "$LOGS/rust.log" | tail -1 | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
rust_failed=$(grep -oE '[0-9]+ failed' "$LOGS/rust.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
e2e_passed=$(grep -oE '^ +[0-9]+ passed' "$LOGS/e2e.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
e2e_failed=$(grep -oE '^ +[0-9]+ failed' "$LOGS/e2e.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
echo
ws_passed=$(grep -oE '^ws: [0-9]+ passed' "$LOGS/ws.log" | grep -oE '[0-9]+' || echo 0)
ws_failed=$(grep -oE '[0-9]+ failed' "$LOGS/ws.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
echo "tests: $((rust_passed + e2e_passed + ws_passed)) passed, $((rust_failed + e2e_failed + ws_failed)) failed"
exit "$status"
