#!/usr/bin/env bash
# Builds the browser side exactly as users get it, into target/site:
#   pkg/<hash>/tessera.{js,wasm}      the hydration bundle (wasm-release profile, wasm-split, wasm-bindgen,
#                                     wasm-opt -Oz), with split_*.wasm: one lazy chunk per page
#   pkg/tessera.<hash>.css            the stylesheet
#   pkg/*.br, pkg/*.gz                precompressed copies, served to browsers that accept them
#   assets.txt                        the hashed names, read by the server at start-up
#   favicon.svg …                     everything in public/
# The run command, the benchmark and the end-to-end tests all load what this script builds.
set -euo pipefail
cd "$(dirname "$0")/.."
SITE="$PWD/target/site"
# Its own target directory: the server can build at the same time without waiting for a lock.
FRONT_DIR="${CARGO_TARGET_DIR:-$PWD/target}/front"
WASM_OPT="$PWD/tools/wasm-opt/node_modules/.bin/wasm-opt"
[ -x "$WASM_OPT" ] || { echo "wasm-opt from npm binaryen is missing: run scripts/setup.sh"; exit 1; }
# wasm-split and wasm-bindgen (tools/wasm-tools, built by scripts/setup.sh).
WASM_TOOLS="${CARGO_TARGET_DIR:-$PWD/target}/tools/release/tessera-wasm-tools"
[ -x "$WASM_TOOLS" ] || { echo "tessera-wasm-tools is missing: run scripts/setup.sh"; exit 1; }

printf '\n==> WebAssembly (frontend, wasm-release profile)\n'
# Flags come from .cargo/config.toml, shared with the server; a RUSTFLAGS variable would replace them.
env -u RUSTFLAGS cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release \
  --target-dir "$FRONT_DIR"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
# Lazy routes (`lazy_pages!` in app/src/pages) become chunks of their own: wasm-split cuts them out of
# the linked module before wasm-bindgen (which must keep the function table and memory exports the
# chunks link against); each chunk is fetched the first time its page is shown.
mkdir -p "$STAGE/split" "$STAGE/out"
"$WASM_TOOLS" split "$FRONT_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm" "$STAGE/split" tessera
"$WASM_TOOLS" bindgen "$STAGE/split/tessera.wasm" "$STAGE/out" tessera
printf '==> wasm-opt -Oz (binaryen %s)\n' "$("$WASM_OPT" --version | awk '{print $3}')"
opt() {
  "$WASM_OPT" -Oz --converge --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$1" -o "$2"
}
# The main module with the CLI; the lazy chunks (split_<page>.wasm, and chunk_<n>.wasm for code pages
# share: hundreds of small modules) in one node process beside it, with the same passes and features
# (tools/wasm-opt/batch.mjs): starting binaryen once per chunk took four minutes.
opt "$STAGE/out/tessera_bg.wasm" "$STAGE/out/tessera.wasm" &
MAIN_OPT=$!
find "$STAGE/split" -name '*.wasm' ! -name tessera.wasm -print0 |
  xargs -0 node "$PWD/tools/wasm-opt/batch.mjs" "$STAGE/out" 2> >(grep -v 'unknown name subsection' >&2)
wait "$MAIN_OPT"
rm "$STAGE/out/tessera_bg.wasm"
cp "$STAGE/split/__wasm_split.js" "$STAGE/out/"

# Content-hashed names: a changed file gets a new URL, so every file can be cached for good. The
# bundle's modules import each other by relative name, so they share one directory named by their
# joint hash.
hash() { sha256sum "$1" | cut -c1-16; }
BUNDLE="$(cat "$STAGE"/out/* | sha256sum | cut -c1-16)"
rm -rf "$SITE" && mkdir -p "$SITE/pkg"
cp -R public/. "$SITE/"
cp -R "$STAGE/out" "$SITE/pkg/$BUNDLE"
CSS="tessera.$(hash style/main.css).css"
cp style/main.css "$SITE/pkg/$CSS"
printf 'js=/pkg/%s/tessera.js\nwasm=/pkg/%s/tessera.wasm\ncss=/pkg/%s\n' "$BUNDLE" "$BUNDLE" "$CSS" >"$SITE/assets.txt"

printf '==> precompressing (brotli, gzip)\n'
find "$SITE" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' \) -print0 |
  while IFS= read -r -d '' f; do
    gzip -9 -n -k -f "$f"
    brotli -q 11 -k -f "$f"
  done
size() { stat -c %s "$1"; }
B="$SITE/pkg/$BUNDLE"
printf 'site built: wasm %s KiB (%s KiB brotli) and %s lazy chunks, js %s KiB, css %s KiB\n' \
  "$(($(size "$B/tessera.wasm") / 1024))" "$(($(size "$B/tessera.wasm.br") / 1024))" \
  "$(find "$B" -name '*.wasm' ! -name tessera.wasm | wc -l)" "$(($(size "$B/tessera.js") / 1024))" "$(($(size "$SITE/pkg/$CSS") / 1024))"
