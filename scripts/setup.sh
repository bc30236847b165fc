#!/bin/sh
# Sets up a fresh machine for building, testing and running Gradient Lens:
#   npm packages (from the lock file), then Debian's Chromium and code-server 4.100.3 for the tests that run the
#   extension in a real VS Code (scripts/e2e/install-code-server.sh; installed outside the repository, in /tmp/cs).
# Idempotent. usage: sh scripts/setup.sh [--no-code-server]
set -eu
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
if [ "${1:-}" != "--no-code-server" ]; then
  sh scripts/e2e/install-code-server.sh
fi
