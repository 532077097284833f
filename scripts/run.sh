#!/usr/bin/env bash
# Installs what is missing, builds Tessera and starts it at http://127.0.0.1:3000 on the embedded
# database (./data) with the demo programme loaded. The demo logins are printed at start.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
printf '\n==> cargo leptos build --release (first time: about 25 minutes on 2 cores)\n'
cargo leptos build --release
printf '\n==> starting Tessera (Ctrl-C stops it)\n'
exec target/release/tessera --db "${TESSERA_DB:-surrealkv://data/tessera?sync=every}" serve \
  --addr "${TESSERA_ADDR:-127.0.0.1:3000}" --site-root target/site --demo --dev
