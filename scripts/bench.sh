#!/usr/bin/env bash
# Benchmark (prints figures; not a test). Builds the fully optimised server (release profile) and the
# browser bundle, starts the server on the embedded SurrealKV store (fsync on every commit) with the
# demo programme, then prints:
#   - start-up time to /readyz on existing demo data;
#   - wrk at 32 connections for the floor (/healthz), a static file and every page, each with
#     requests/s, p50, p99, its p99 as a multiple of the floor's, and the database round-trips one
#     request of it makes with warm read caches (the app's own counter, /metrics);
#   - anonymous submissions to a consultation round at 64 connections (durable writes), and the
#     public form's weight;
#   - the analysis and public results pages of a round with 200 000 contributions;
#   - peak resident memory after the load and a burst of 50 parallel sign-ins;
#   - what a first visit transfers (compressed), and the binary's size.
# BENCH_PROFILE=serve benchmarks what scripts/run.sh builds instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh bench

PORT="${BENCH_PORT:-3200}"
DURATION="${BENCH_DURATION:-10s}"
PROFILE="${BENCH_PROFILE:-release}"
CONNECTIONS=32
TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
BASE="http://127.0.0.1:$PORT"

bash scripts/site.sh
printf '\n==> cargo build --profile %s\n' "$PROFILE"
cargo build -p server --bin tessera --profile "$PROFILE"
BIN="$TARGET_DIR/$PROFILE/tessera"

WORK="$(mktemp -d)"
SERVER=""
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
start() {
  "$BIN" --db "surrealkv://$WORK/db?sync=every" serve --addr "127.0.0.1:$PORT" --site-root target/site \
    --demo --dev --metrics --trusted-proxy 127.0.0.1 >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  until curl -fs "$BASE/readyz" >/dev/null 2>&1; do sleep 0.02; done
}
start # the first start loads the demo programme
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
T0=$(date +%s%N)
start
STARTUP_MS=$(( ($(date +%s%N) - T0) / 1000000 ))

JAR="$WORK/cookies"
curl -fs -c "$JAR" -o /dev/null -X POST "$BASE/api/auth/login" \
  --data-urlencode "email=coordinator@demo.tessera.eu" --data-urlencode "password=demo-coordinator-2026"
COOKIE="tessera_session=$(awk '$6 == "tessera_session" {print $7}' "$JAR")"
PROGRAMME="$(curl -fs -b "$JAR" -X POST "$BASE/api/programmes/list" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"
# A signed-in page must really be the page, not a sign-in prompt.
OVERVIEW="$(curl -fs -H "Cookie: $COOKIE" "$BASE/programmes/$PROGRAMME")"
grep -q "WP4" <<<"$OVERVIEW" || { echo "the programme page did not render for the benchmark user"; exit 1; }

round_trips() { curl -fs "$BASE/metrics" | awk '$1 == "tessera_db_round_trips_total" {print $2}'; }
# wrk prints latencies as 812.00us, 1.23ms or 1.05s: in milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

FLOOR_P99=""
# Extra arguments for the warm-up request only (curl) and for the load only (wrk), e.g. a POST.
CURL_EXTRA=()
WRK_EXTRA=()
run() {
  local name="$1" path="$2"; shift 2
  local before after trips out rps p50 p99 non2xx ratio
  curl -fs -o /dev/null "$@" "${CURL_EXTRA[@]}" "$BASE$path" # warm: the read caches hold what the page reads
  before="$(round_trips)"
  curl -fs -o /dev/null "$@" "${CURL_EXTRA[@]}" "$BASE$path"
  after="$(round_trips)"
  trips=$((after - before))
  out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency "$@" "${WRK_EXTRA[@]}" "$BASE$path")"
  printf '%s\n' "$out" >>"$WORK/wrk.txt"
  rps="$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")"
  p50="$(ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
  p99="$(ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  [ -z "$FLOOR_P99" ] && FLOOR_P99="$p99"
  ratio="$(awk -v a="$p99" -v b="$FLOOR_P99" 'BEGIN { printf "%.1f", a / b }')"
  printf '| %s | %s | %s | %s | %s× | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$ratio" "$trips" "${non2xx:-0}"
}

printf '\n## %s build, %s connections, %s per row, embedded SurrealKV (fsync on commit)\n\n' "$PROFILE" "$CONNECTIONS" "$DURATION"
printf '| what | req/s | p50 ms | p99 ms | p99 / floor p99 | db round-trips | non-2xx |\n|---|---|---|---|---|---|---|\n'
SIGNED=(-H "Cookie: $COOKIE")
run '`/healthz` (floor)' /healthz
run 'static file `/favicon.svg`' /favicon.svg
run 'home, anonymous' /
run 'home, signed in' / "${SIGNED[@]}"
run 'programme overview' "/programmes/$PROGRAMME" "${SIGNED[@]}"
run "jurisdictions ($(curl -fs -b "$JAR" -X POST "$BASE/api/jurisdictions/list" --data-urlencode "programme_id=$PROGRAMME" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"]["total"])') rows)" "/programmes/$PROGRAMME/jurisdictions" "${SIGNED[@]}"
run 'people' "/programmes/$PROGRAMME/people" "${SIGNED[@]}"
run 'audit log' "/programmes/$PROGRAMME/audit" "${SIGNED[@]}"

# 50 different addresses from 50 different clients (the server trusts this machine as its proxy), so
# no limiter refuses any: every one runs Argon2 (unknown addresses against the dummy hash, at equal
# cost), which is the memory a burst of sign-ins costs.
burst() {
  printf '==> a burst of 50 parallel sign-ins\n' >&2
  local pids=()
  for i in $(seq 1 50); do
    curl -s -o /dev/null -X POST "$BASE/api/auth/login" -H "X-Forwarded-For: 198.51.100.$i" \
      --data-urlencode "email=burst$i@demo.tessera.eu" --data-urlencode "password=not-the-password-$i" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
}
# The memory goal's load: the demo's pages and the sign-in burst, before the registers grow.
burst
DEMO_HWM_MIB=$(( $(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status") / 1024 ))

# The stakeholder register with 10 000 organisations, imported through the one import path.
python3 - "$WORK/orgs.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("name,kind,jurisdiction_code,sectors,women,men,influence,interest\n")
    for i in range(10000):
        f.write(f"Bench organisation {i},cso,XA-NO,employment,{i % 7},{i % 5},{1 + i % 5},{1 + (i // 5) % 5}\n")
PY
T0=$(date +%s%N)
IMPORTED="$(curl -fs -b "$JAR" -H 'Accept: application/json' -F "file=@$WORK/orgs.csv" "$BASE/programmes/$PROGRAMME/import/organisations")"
IMPORT_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
ORG="$(curl -fs -b "$JAR" -X POST "$BASE/api/organisations/list" --data-urlencode "programme_id=$PROGRAMME" | python3 -c 'import json,sys; print(json.load(sys.stdin)["page"]["rows"][0]["id"])')"
run "stakeholder register and grid ($(curl -fs -b "$JAR" -X POST "$BASE/api/organisations/list" --data-urlencode "programme_id=$PROGRAMME" | python3 -c 'import json,sys; print(json.load(sys.stdin)["page"]["total"])') organisations)" "/programmes/$PROGRAMME/organisations" "${SIGNED[@]}"
run 'relationship map' "/programmes/$PROGRAMME/relations?focus=$ORG" "${SIGNED[@]}"
run 'multilevel view' "/programmes/$PROGRAMME/multilevel" "${SIGNED[@]}"

# The hub at scale: 50 000 interactions between the register's organisations, imported through the
# one import path, and 500 meetings of the hub (recorded through the API by 8 clients), each with an
# action item past its due date.
python3 - "$WORK/interactions.csv" <<'PY'
import random, sys
random.seed(11)
kinds = ["meeting", "exchange", "joint_action", "consultation", "referral"]
seen = set()
with open(sys.argv[1], "w") as f:
    f.write("on,a,b,kind,quality,note\n")
    while len(seen) < 50000:
        a, b = random.sample(range(10000), 2)
        row = (f"{random.randint(2023, 2026)}-{random.randint(1, 12):02}-{random.randint(1, 28):02}", a, b, random.choice(kinds))
        if row in seen:
            continue
        seen.add(row)
        f.write(f"{row[0]},Bench organisation {a},Bench organisation {b},{row[3]},{random.randint(1, 5)},\n")
PY
T0=$(date +%s%N)
INTERACTIONS="$(curl -fs -b "$JAR" -H 'Accept: application/json' -F "file=@$WORK/interactions.csv" "$BASE/programmes/$PROGRAMME/import/interactions")"
INTERACTIONS_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
T0=$(date +%s%N)
python3 - "$BASE" "$COOKIE" "$PROGRAMME" <<'PY'
import concurrent.futures, json, sys, urllib.parse, urllib.request
base, cookie, programme = sys.argv[1:4]
def call(endpoint, fields):
    data = urllib.parse.urlencode(dict(fields, programme_id=programme), doseq=True).encode()
    req = urllib.request.Request(f"{base}/api/{endpoint}", data=data, headers={"Cookie": cookie})
    with urllib.request.urlopen(req) as r:
        return json.load(r)
# The demo seats the ministry on the hub from 2026-01-15.
found = call("organisations/list", {"query[q]": "Ministry of the Interior"})
ministry = found["page"]["rows"][0]["id"]
def meeting(n):
    call("meetings/record", {"body": "hub", "title": f"Coordination meeting {n}", "kind": "coordination",
                             "format": "online", "on": f"2026-{2 + n % 9:02}-{1 + n % 28:02}",
                             "agenda": "Progress of the work packages", "attendees[]": [ministry]})
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    list(pool.map(meeting, range(500)))
ids, after = [], None
while True:
    page = call("meetings/list", {"query[after]": after} if after else {})["page"]
    ids += [m["id"] for m in page["rows"]]
    after = page["next"]
    if not after:
        break
def action(pair):
    n, m = pair
    call("actions/add", {"meeting": m, "title": f"Follow-up {n}", "owner": ministry, "due": f"2026-{2 + n % 9:02}-28"})
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    list(pool.map(action, enumerate(ids)))
PY
MEETINGS_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
HUB_TOTAL="$(curl -fs -b "$JAR" -X POST "$BASE/api/hub/get" --data-urlencode "programme_id=$PROGRAMME" | python3 -c 'import json,sys; print(json.load(sys.stdin)["log"]["total"])')"
MEETINGS_TOTAL="$(curl -fs -b "$JAR" -X POST "$BASE/api/meetings/list" --data-urlencode "programme_id=$PROGRAMME" | python3 -c 'import json,sys; print(json.load(sys.stdin)["page"]["total"])')"
run "hub, the WP2 page ($HUB_TOTAL interactions: WP2.K1/K2/K3/K4 and the log)" "/programmes/$PROGRAMME/hub" "${SIGNED[@]}"
run "hub log filtered to one organisation" "/programmes/$PROGRAMME/hub?org=Bench+organisation+7" "${SIGNED[@]}"
run "meetings ($MEETINGS_TOTAL)" "/programmes/$PROGRAMME/meetings" "${SIGNED[@]}"
run 'programme overview (500 overdue action items)' "/programmes/$PROGRAMME" "${SIGNED[@]}"

# Consultation rounds (WP3.1): an open round in four languages, its public form's weight, and
# anonymous submissions from 64 clients at once (each request from another address behind the
# trusted proxy, so the per-client limit refuses none; every one is an fsync'ed write).
TODAY="$(date -u +%F)"; LATER="$(date -u -d '+30 days' +%F)"
ROUND="$(curl -fs -b "$JAR" -X POST "$BASE/api/rounds/save" --data-urlencode "programme_id=$PROGRAMME" \
  --data-urlencode "title=Bench round" -d 'languages[]=en' -d 'languages[]=fr' -d 'languages[]=ar' -d 'languages[]=uk' \
  -d 'scope[]=XA' -d "opens=$TODAY" -d "deadline_local=$LATER" -d "deadline_regional=$LATER" \
  -d "deadline_national=$LATER" -d "closes=$LATER" | python3 -c 'import json,sys; print(json.load(sys.stdin))')"
curl -fs -o /dev/null -b "$JAR" -X POST "$BASE/api/rounds/move" --data-urlencode "programme_id=$PROGRAMME" -d "id=$ROUND" -d "to=open"
read -r TOKEN QUESTION < <(curl -fs -b "$JAR" -X POST "$BASE/api/rounds/get" --data-urlencode "programme_id=$PROGRAMME" -d "id=$ROUND" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["public_path"].split("/")[-1], d["questions"][0]["id"])')
FORM_HTML_B="$(curl -fs -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: br, gzip' "$BASE/f/$TOKEN?lang=ar")"
cat >"$WORK/submit.lua" <<LUA
wrk.method = "POST"
wrk.body = "q_$QUESTION=More+evening+classes+with+childcare"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
counter = 0
request = function()
  counter = counter + 1
  wrk.headers["X-Forwarded-For"] = "10." .. (counter % 250) .. "." .. math.random(0, 250) .. "." .. math.random(1, 250)
  return wrk.format()
end
LUA
CONNECTIONS=64
CURL_EXTRA=(-X POST -H 'X-Forwarded-For: 10.255.0.1' --data "q_$QUESTION=warm")
WRK_EXTRA=(-s "$WORK/submit.lua")
run 'anonymous submission (64 clients, fsync on commit)' "/f/$TOKEN"
CURL_EXTRA=()
WRK_EXTRA=()
CONNECTIONS=32

# The analysis and results pages of a round with 200 000 contributions: a second round with a choice
# question, filled through the one import path as 20 batches of 10 000 transcribed paper forms, then
# closed, analysed and published.
BIG="$(curl -fs -b "$JAR" -X POST "$BASE/api/rounds/save" --data-urlencode "programme_id=$PROGRAMME" \
  --data-urlencode "title=Bench round, 200 000 contributions" -d 'languages[]=en' -d 'languages[]=fr' \
  -d 'scope[]=XA' -d "opens=$TODAY" -d "deadline_local=$LATER" -d "deadline_regional=$LATER" \
  -d "deadline_national=$LATER" -d "closes=$LATER" | python3 -c 'import json,sys; print(json.load(sys.stdin))')"
curl -fs -o /dev/null -b "$JAR" -X POST "$BASE/api/rounds/question" --data-urlencode "programme_id=$PROGRAMME" \
  -d "round_id=$BIG" -d kind=single -d required=yes --data-urlencode "text_en=What matters most?" \
  --data-urlencode "text_fr=Qu'est-ce qui compte le plus ?" --data-urlencode "options_en=Jobs
Housing
Language" --data-urlencode "options_fr=Emploi
Logement
Langue"
curl -fs -o /dev/null -b "$JAR" -X POST "$BASE/api/rounds/move" --data-urlencode "programme_id=$PROGRAMME" -d "id=$BIG" -d "to=open"
python3 - "$WORK" <<'PY'
import random, sys
random.seed(7)
words = ["language classes", "childcare", "housing", "evening hours", "interpreters", "jobs", "transport", "health"]
for b in range(20):
    with open(f"{sys.argv[1]}/paper{b}.csv", "w") as f:
        f.write("q1,q2,q3,q4\n")
        for i in range(10000):
            f.write(f"More {random.choice(words)} near {random.choice(words)},{random.choice(words)},,{random.randint(1, 3)}\n")
PY
T0=$(date +%s%N)
for b in $(seq 0 19); do
  curl -fs -o /dev/null -b "$JAR" -H 'Accept: application/json' -F "file=@$WORK/paper$b.csv" \
    "$BASE/programmes/$PROGRAMME/import/paper?round=$BIG"
done
PAPER_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
for to in closed analysed published; do
  curl -fs -o /dev/null -b "$JAR" -X POST "$BASE/api/rounds/move" --data-urlencode "programme_id=$PROGRAMME" -d "id=$BIG" -d "to=$to"
done
BIG_TOKEN="$(curl -fs -b "$JAR" -X POST "$BASE/api/rounds/get" --data-urlencode "programme_id=$PROGRAMME" -d "id=$BIG" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["public_path"].split("/")[-1])')"
run 'round analysis (200 000 contributions)' "/programmes/$PROGRAMME/rounds/$BIG/analysis" "${SIGNED[@]}"
run 'public results (200 000 contributions)' "/f/$BIG_TOKEN/results"

burst

printf '\n## Start-up, memory, size\n\n'
printf -- '- start-up to /readyz on the demo data: %s ms\n' "$STARTUP_MS"
printf -- '- import of 10 000 organisations (CSV, validated, one transaction): %s ms — %s\n' "$IMPORT_MS" "$IMPORTED"
printf -- '- import of 50 000 interactions (CSV, validated, one transaction): %s ms — %s\n' "$INTERACTIONS_MS" "$INTERACTIONS"
printf -- '- 500 hub meetings and their action items, recorded through the API by 8 clients: %s ms\n' "$MEETINGS_MS"
printf -- '- 200 000 paper forms entered as 20 batches of 10 000 (each validated, one transaction): %s ms\n' "$PAPER_MS"
printf -- '- peak resident memory (VmHWM) after the demo pages and a sign-in burst: %s MiB\n' "$DEMO_HWM_MIB"
printf -- '- peak resident memory (VmHWM) after all of the load (10 000 organisations, 50 000 interactions, 200 000 contributions) and a second burst: %s MiB; now %s MiB\n' \
  "$(( $(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status") / 1024 ))" "$(( $(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status") / 1024 ))"
printf -- '- server binary (%s profile): %s MiB\n' "$PROFILE" "$(( $(stat -c %s "$BIN") / 1048576 ))"

# What a first visit transfers: the encoded bytes the server sends a browser that accepts brotli.
transfer() { curl -fs -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: br, gzip' "$@"; }
ASSETS="target/site/assets.txt"
WASM="$(awk -F= '$1 == "wasm" {print $2}' "$ASSETS")"
JS="$(awk -F= '$1 == "js" {print $2}' "$ASSETS")"
CSS="$(awk -F= '$1 == "css" {print $2}' "$ASSETS")"
HTML_B="$(transfer "$BASE/login")"
CSS_B="$(transfer "$BASE$CSS")"
printf -- '- WebAssembly: %s KiB raw, %s KiB as transferred (brotli)\n' "$(( $(stat -c %s "target/site$WASM") / 1024 ))" "$(( $(transfer "$BASE$WASM") / 1024 ))"
printf -- '- JavaScript glue: %s KiB as transferred\n' "$(( $(transfer "$BASE$JS") / 1024 ))"
# A lazy page adds its own chunk and the shared chunks it links to (read from wasm-split's loader).
python3 - "target/site$(dirname "$WASM")" <<'PY'
import os, re, sys
d = sys.argv[1]
br = lambda f: os.path.getsize(os.path.join(d, f + ".br"))
js = open(os.path.join(d, "__wasm_split.js")).read()
pages = []
for m in re.finditer(r'export const __wasm_split_load___(\w+?)_route_view_\d+ = .*?"\./(split_\w+\.wasm)".*?\[([^\]]*)\]\)\);', js, re.S):
    deps = ["chunk_%s.wasm" % n for n in re.findall(r"__chunk_(\d+)", m.group(3))]
    pages.append((br("tessera.wasm") + br(m.group(2)) + sum(br(c) for c in deps), m.group(1), len(deps)))
pages.sort()
print("- lazy pages: %d; WebAssembly per page as transferred (main module + its chunks): %d bytes (%s) to %d bytes (%s, %d shared chunks)"
      % (len(pages), pages[0][0], pages[0][1], pages[-1][0], pages[-1][1], pages[-1][2]))
PY
printf -- '- a plain page (sign-in) HTML + CSS as transferred: %s + %s bytes = %s KiB\n' "$HTML_B" "$CSS_B" "$(( (HTML_B + CSS_B) / 1024 ))"
CATALOGUE="$(curl -fs "$BASE/login" | grep -o "fetch('/i18n/[^']*'" | head -1 | sed "s/^fetch('//; s/'$//")"
printf -- '- interface strings (the English catalogue, fetched once beside the bundle and cached for good): %s bytes as transferred\n' "$(transfer "$BASE$CATALOGUE")"
printf -- '- the public feedback form (Arabic, no script): HTML + CSS as transferred: %s + %s bytes = %s KiB\n' "$FORM_HTML_B" "$CSS_B" "$(( (FORM_HTML_B + CSS_B) / 1024 ))"
printf -- '- machine: %s cores, %s\n' "$(nproc)" "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
