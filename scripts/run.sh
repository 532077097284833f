#!/usr/bin/env bash
# Installs what is missing, builds Tessera and starts it at http://127.0.0.1:3000 on the embedded
# database (./data) with the demo programme loaded. The demo logins are printed at start.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

# The browser bundle and the server build side by side (the bundle has its own target directory,
# so neither waits for the other's lock). First time on 2 cores: about 15 minutes.
printf '\n==> building the browser bundle and the server (serve profile)\n'
bash scripts/site.sh &
SITE=$!
cargo build -p server --bin tessera --profile serve
wait "$SITE"

printf '\n==> starting Tessera (Ctrl-C stops it)\n'
exec "$TARGET_DIR/serve/tessera" --db "${TESSERA_DB:-surrealkv://data/tessera?sync=every}" serve \
  --addr "${TESSERA_ADDR:-127.0.0.1:3000}" --site-root target/site --demo --dev
