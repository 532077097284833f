#!/usr/bin/env bash
# The ws:// path for real: a genuine SurrealDB server (tools/surreal-test-server) on loopback, Tessera
# migrating, seeding and serving against it, sign-in and a programme page through it.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
printf '\n==> building the loopback SurrealDB test server\n'
cargo build --manifest-path tools/surreal-test-server/Cargo.toml --target-dir "$TARGET_DIR/surreal-test-server"
SURREAL="$TARGET_DIR/surreal-test-server/debug/surreal-test-server"
TESSERA="${TESSERA_BIN:-$TARGET_DIR/debug/tessera}"
DB_PORT="${WS_DB_PORT:-8765}"
WEB_PORT="${WS_WEB_PORT:-3400}"
LOGS="$(mktemp -d)"
cleanup() { kill "${WEB:-}" "${DB:-}" 2>/dev/null || true; rm -rf "$LOGS"; }
trap cleanup EXIT

"$SURREAL" start --bind "127.0.0.1:$DB_PORT" --user root --pass root --no-banner memory >"$LOGS/db.log" 2>&1 &
DB=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$DB_PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done

export TESSERA_DB="ws://127.0.0.1:$DB_PORT" TESSERA_DB_USER=root TESSERA_DB_PASS=root
fail() { echo "ws check failed: $*"; cat "$LOGS"/*.log; echo "ws: 0 passed, 1 failed"; exit 1; }
"$TESSERA" migrate >"$LOGS/migrate.log" 2>&1 || fail "migrate"
"$TESSERA" seed-demo >"$LOGS/seed.log" 2>&1 || fail "seed-demo"
"$TESSERA" serve --addr "127.0.0.1:$WEB_PORT" --dev --site-root target/site >"$LOGS/web.log" 2>&1 &
WEB=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$WEB_PORT/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$WEB_PORT/readyz" | grep -q ready || fail "readyz"
JAR="$LOGS/cookies"
curl -fs -c "$JAR" -o /dev/null -X POST "http://127.0.0.1:$WEB_PORT/api/auth/login" \
  --data-urlencode "email=coordinator@demo.tessera.eu" --data-urlencode "password=demo-coordinator-2026" || fail "login"
ID="$(curl -fs -b "$JAR" -X POST "http://127.0.0.1:$WEB_PORT/api/programmes/list" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')" || fail "list"
# Read whole before matching: `grep -q` stops at the first match, and under pipefail the write
# that then fails (SIGPIPE) would fail the check on a large page.
PAGE="$(curl -fs -b "$JAR" "http://127.0.0.1:$WEB_PORT/programmes/$ID/jurisdictions")" || fail "programme page"
grep -q "Aldenburg" <<<"$PAGE" || fail "programme page"
# A second instance on the same database sees the same session: sessions live in the database.
"$TESSERA" serve --addr "127.0.0.1:$((WEB_PORT + 1))" --dev --site-root target/site >"$LOGS/web2.log" 2>&1 &
WEB2=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$((WEB_PORT + 1))/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
SESSION="$(awk '$6 == "tessera_session" {print $7}' "$JAR")"
curl -fs -X POST -H "Cookie: tessera_session=$SESSION" "http://127.0.0.1:$((WEB_PORT + 1))/api/auth/me" | grep -q coordinator@demo.tessera.eu \
  || { kill "$WEB2"; fail "session on second instance"; }
kill "$WEB2"
echo "ws: 5 passed, 0 failed"
