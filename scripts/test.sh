#!/usr/bin/env bash
# The whole test suite: unit and property tests, HTTP integration tests (real router, mem://), and
# end-to-end tests in Debian's Chromium with axe accessibility scans. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# cargo-leptos builds debug code with this flag; tests use the same so the build is shared.
export RUSTFLAGS="--cfg erase_components"

printf '\n==> unit and integration tests (cargo nextest)\n'
cargo nextest run -p app -p server --no-fail-fast

printf '\n==> cargo leptos build (server and WebAssembly, debug)\n'
cargo leptos build

printf '\n==> end-to-end tests in Chromium\n'
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
export TESSERA_BIN="$TARGET_DIR/debug/tessera"
export LEPTOS_SITE_ROOT="$PWD/target/site"
cd end2end
npx playwright test
