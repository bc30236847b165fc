#!/bin/sh
# Install what the integration and end-to-end tests need, OUTSIDE the repository:
# Debian packages (Chromium for playwright-core, ripgrep, build tools for code-server's native modules; needs root or
# sudo) and code-server 4.100.3 (= VS Code 1.100.3 web workbench + Node extension host, ~300 MB) from npm, into
# $GRADIENT_LENS_CODE_SERVER_HOME (default: ${XDG_CACHE_HOME:-$HOME/.cache}/gradient-lens/code-server).
# Follows ../shared/e2e/RECIPE.md. Idempotent: does nothing when code-server and Chromium are already there.
# usage: sh scripts/e2e/install-code-server.sh [DEST]
set -eu
. "$(dirname "$0")/code-server-home.sh"
DEST=${1:-$GRADIENT_LENS_CODE_SERVER_HOME}
CS="$DEST/node_modules/.bin/code-server"

if [ -x "$CS" ] && [ -x /usr/bin/chromium ]; then
  echo "code-server already installed in $DEST"
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "setup: installing Chromium and code-server's build tools with apt-get needs root or sudo; without them run" >&2
  echo "       sh scripts/setup.sh --no-code-server (check, lint, build and unit tests: npm test -- --unit-only)" >&2
  exit 1
fi
$SUDO apt-get update
# libkrb5-dev: the kerberos native module needs gssapi headers; ripgrep: replaces the rg @vscode/ripgrep would
# download from GitHub; chromium + fonts: the headless browser playwright-core drives.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
  build-essential python3 pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev \
  ripgrep chromium fonts-liberation

# @vscode/ripgrep@1.15.11's postinstall asks api.github.com for ripgrep unless its cache holds the tarball: seed it
# with Debian's rg.
TMP=${TMPDIR:-/tmp}
RG_CACHE="$TMP/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE/stage"
cp /usr/bin/rg "$RG_CACHE/stage/rg"
tar -czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$RG_CACHE/stage" rg
rm -rf "$RG_CACHE/stage"

mkdir -p "$DEST"
cd "$DEST"
# allowScripts: npm 11 asks for install scripts to be approved; code-server's postinstall builds VS Code's native
# modules (node-pty, …) and argon2's fetches or builds its binding.
[ -f package.json ] || echo '{"private": true, "allowScripts": {"code-server": true, "argon2": true}}' > package.json
# unsafe_perm: code-server's postinstall refuses to run as root without it (npm 11 warns that it does not know the
# setting, and passes it on all the same); yes: node-pty's postinstall runs npx.
npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund code-server@4.100.3
# --config: without it code-server writes ~/.config/code-server/config.yaml
printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' > "$DEST/config.yaml"
"$CS" --config "$DEST/config.yaml" --version
