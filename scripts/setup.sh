#!/usr/bin/env bash
# Installs what Tessera needs on a fresh Debian machine, and nothing more than the purpose asks:
#   setup.sh run    building and running: the wasm target, wasm-bindgen, wasm-split, npm's wasm-opt, brotli
#   setup.sh test   the above, plus Chromium, the Playwright runner and a loopback SMTP server (default)
#   setup.sh bench  the above, plus wrk
# Idempotent: every step checks first and skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PURPOSE="${1:-test}"

# Must equal the wasm-bindgen crate version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130
# Must match wasm_split_helpers in Cargo.lock (leptos' lazy routes): splits the bundle per page.
WASM_SPLIT_VERSION=0.2.3

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

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$WASM_BINDGEN_VERSION" ]; then
  step "wasm-bindgen-cli $WASM_BINDGEN_VERSION present"
else
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # Without --locked: its lock names a dependency version the registry copy here lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  step "wasm-split-cli $WASM_SPLIT_VERSION present"
else
  step "cargo install wasm-split-cli $WASM_SPLIT_VERSION (under a minute)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

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
