#!/bin/sh
# Sets up a fresh machine (Debian or Ubuntu, Node >= 20 and npm) for building, testing and running Gradient Lens:
#   npm packages from the lock file, then, unless --no-code-server: Debian's Chromium, code-server's build tools
#   (apt-get: needs root or sudo) and code-server 4.100.3 (~300 MB, a few minutes) for the suites that run the
#   extension in a real VS Code — scripts/e2e/install-code-server.sh, into $GRADIENT_LENS_CODE_SERVER_HOME (default
#   ${XDG_CACHE_HOME:-$HOME/.cache}/gradient-lens/code-server).
# Idempotent. usage: sh scripts/setup.sh [--no-code-server]
#   --no-code-server: npm packages only, no root needed; then `npm test -- --unit-only` (check, lint, build, unit).
set -eu
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
if [ "${1:-}" != "--no-code-server" ]; then
  sh scripts/e2e/install-code-server.sh
fi
