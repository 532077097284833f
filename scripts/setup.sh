#!/usr/bin/env bash
# Installs what Tessera needs on a fresh Debian machine, and nothing more than the purpose asks:
#   setup.sh run    building and running: the wasm target, wasm-split and wasm-bindgen (tools/wasm-tools),
#                   npm's wasm-opt, brotli
#   setup.sh test   the above, plus Chromium, the Playwright runner and a loopback SMTP server (default)
#   setup.sh bench  the above, plus wrk
# Idempotent: every step checks first and skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PURPOSE="${1:-test}"

step() { printf '\n==> %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
SUDO=""
if [ "$(id -u)" != 0 ] && have sudo; then SUDO=sudo; fi

packages=(brotli)
case "$PURPOSE" in
  run) ;;
  test) packages+=(chromium python3-aiosmtpd) ;;
  bench) packages+=(chromium wrk) ;;
  *) echo "usage: setup.sh [run|test|bench]"; exit 2 ;;
esac
apt_missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || apt_missing+=("$pkg")
done
if [ ${#apt_missing[@]} -gt 0 ]; then
  step "apt-get install ${apt_missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${apt_missing[@]}"
else
  step "Debian packages present (${packages[*]})"
fi

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Rust target wasm32-unknown-unknown present"
else
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-split and wasm-bindgen, as one small program over their libraries (tools/wasm-tools; versions
# pinned there to match the workspace's lock). Installing the two command-line tools compiled about
# three times as much. Cargo skips it when it is built.
step "tessera-wasm-tools (wasm-split and wasm-bindgen)"
cargo build --release --locked --quiet --manifest-path tools/wasm-tools/Cargo.toml \
  --target-dir "${CARGO_TARGET_DIR:-$PWD/target}/tools"

# wasm-opt from npm's binaryen: Debian's (108) corrupts this app's release WebAssembly.
npm_ci() {
  local dir="$1" what="$2"
  if [ -d "$dir/node_modules" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    step "$what present"
  else
    step "npm ci in $dir ($what)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}
npm_ci tools/wasm-opt "wasm-opt (binaryen 132)"
if [ "$PURPOSE" != run ]; then
  npm_ci end2end "Playwright test runner and axe; the browser is Debian's Chromium"
fi
step "setup complete ($PURPOSE)"
