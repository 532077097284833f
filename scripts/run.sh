#!/usr/bin/env bash
# Installs what is missing, builds Tessera and starts it at http://127.0.0.1:3000 on the embedded
# database (./data) with the demo programme loaded. The demo logins are printed at start.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

# The server build is the long pole (about 15 minutes the first time on 2 cores), so it starts
# first; the installs and the browser bundle (its own target directory, scripts/site.sh) run beside it.
printf '\n==> building the server (serve profile) in the background\n'
cargo build -p server --bin tessera --profile serve &
SERVER_BUILD=$!
trap 'kill "$SERVER_BUILD" 2>/dev/null || true' EXIT
bash scripts/setup.sh run
bash scripts/site.sh
printf '\n==> waiting for the server build\n'
wait "$SERVER_BUILD"
trap - EXIT

printf '\n==> starting Tessera (Ctrl-C stops it)\n'
exec "$TARGET_DIR/serve/tessera" --db "${TESSERA_DB:-surrealkv://data/tessera?sync=every}" serve \
  --addr "${TESSERA_ADDR:-127.0.0.1:3000}" --site-root target/site --demo --dev
