#!/usr/bin/env bash
# Benchmark (prints figures; not a test): release build, demo data on the embedded store, then wrk at
# 32 connections on the home page (anonymous) and a programme page (signed in), the server's peak
# memory, and the release WebAssembly size raw and gzip-compressed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

PORT="${BENCH_PORT:-3200}"
DURATION="${BENCH_DURATION:-20s}"
CONNECTIONS=32

printf '\n==> cargo leptos build --release\n'
cargo leptos build --release
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
BIN="$TARGET_DIR/release/tessera"

DB_DIR="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$DB_DIR"' EXIT
"$BIN" --db "surrealkv://$DB_DIR/db?sync=every" serve --addr "127.0.0.1:$PORT" --site-root target/site --demo --dev \
  >"$DB_DIR/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done

JAR="$DB_DIR/cookies"
curl -fs -c "$JAR" -o /dev/null -X POST "http://127.0.0.1:$PORT/api/auth/login" \
  --data-urlencode "email=coordinator@demo.tessera.eu" --data-urlencode "password=demo-coordinator-2026"
COOKIE="tessera_session=$(awk '$6 == "tessera_session" {print $7}' "$JAR")"
PROGRAMME="$(curl -fs -b "$JAR" -X POST "http://127.0.0.1:$PORT/api/programmes/list" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"

RAW="${BENCH_RAW:-$DB_DIR/wrk.txt}"
run() {
  local name="$1" path="$2"; shift 2
  local out
  out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "http://127.0.0.1:$PORT$path")"
  printf '%s\n' "$out" >>"$RAW"
  local rps p50 p99 non2xx
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

printf '\n## Pages at %s connections, %s each (release build, embedded SurrealKV, fsync on commit)\n\n' "$CONNECTIONS" "$DURATION"
printf '| page | requests/s | p50 | p99 | non-2xx |\n|---|---|---|---|---|\n'
run "home (signed out)" "/"
run "programme overview (coordinator)" "/programmes/$PROGRAMME" -H "Cookie: $COOKIE"

# A signed-in page must really be the page, not a sign-in prompt.
curl -fs -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/programmes/$PROGRAMME" | grep -q "WP4" || { echo "the programme page did not render for the benchmark user"; exit 1; }
printf '\n(raw wrk output: %s)\n' "$RAW"
PEAK_KB="$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")"
printf '\nServer peak resident memory (VmHWM): %s MiB\n' "$((PEAK_KB / 1024))"

WASM="target/site/pkg/tessera.wasm"
RAW=$(stat -c %s "$WASM")
GZ=$(gzip -9 -c "$WASM" | wc -c)
printf 'Release wasm: %s KiB raw, %s KiB gzip -9\n' "$((RAW / 1024))" "$((GZ / 1024))"
printf 'Machine: %s cores, %s\n' "$(nproc)" "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
