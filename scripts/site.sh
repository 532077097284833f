#!/usr/bin/env bash
# Builds the browser side exactly as users get it, into target/site:
#   pkg/tessera.<hash>.{js,wasm,css}  the hydration bundle (wasm-release profile, wasm-bindgen, wasm-opt -Oz)
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

printf '\n==> WebAssembly (frontend, wasm-release profile)\n'
# Flags come from .cargo/config.toml, shared with the server; a RUSTFLAGS variable would replace them.
env -u RUSTFLAGS cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release \
  --target-dir "$FRONT_DIR"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$STAGE" --out-name tessera \
  "$FRONT_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm"
printf '==> wasm-opt -Oz (binaryen %s)\n' "$("$WASM_OPT" --version | awk '{print $3}')"
"$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$STAGE/tessera_bg.wasm" -o "$STAGE/tessera.wasm"

# Content-hashed names: a changed file gets a new URL, so every file can be cached for good.
hash() { sha256sum "$1" | cut -c1-16; }
rm -rf "$SITE" && mkdir -p "$SITE/pkg"
cp -R public/. "$SITE/"
JS="tessera.$(hash "$STAGE/tessera.js").js"
WASM="tessera.$(hash "$STAGE/tessera.wasm").wasm"
CSS="tessera.$(hash style/main.css).css"
cp "$STAGE/tessera.js" "$SITE/pkg/$JS"
cp "$STAGE/tessera.wasm" "$SITE/pkg/$WASM"
cp style/main.css "$SITE/pkg/$CSS"
[ -d "$STAGE/snippets" ] && cp -R "$STAGE/snippets" "$SITE/pkg/"
printf 'js=/pkg/%s\nwasm=/pkg/%s\ncss=/pkg/%s\n' "$JS" "$WASM" "$CSS" >"$SITE/assets.txt"

printf '==> precompressing (brotli, gzip)\n'
find "$SITE" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' \) -print0 |
  while IFS= read -r -d '' f; do
    gzip -9 -n -k -f "$f"
    brotli -q 11 -k -f "$f"
  done
size() { stat -c %s "$1"; }
printf 'site built: wasm %s KiB (%s KiB brotli), js %s KiB, css %s KiB\n' \
  "$(($(size "$SITE/pkg/$WASM") / 1024))" "$(($(size "$SITE/pkg/$WASM.br") / 1024))" \
  "$(($(size "$SITE/pkg/$JS") / 1024))" "$(($(size "$SITE/pkg/$CSS") / 1024))"
