#!/bin/sh
# End-to-end test: build (production), package the .vsix, install it into code-server and drive it with Chromium.
# Screenshots: test-artifacts/e2e/*.png (live-*.png: printed output, code not run) and test-artifacts/inspector/*.png.   usage: sh scripts/e2e/run-e2e.sh [--keep-data]
# needs: sh scripts/e2e/install-code-server.sh (once)
set -eu
cd "$(dirname "$0")/../.."
mkdir -p test-artifacts
node scripts/build.mjs --production
npx vsce package --no-dependencies --no-rewrite-relative-links -o test-artifacts/gradient-lens.vsix < /dev/null
npx vsce ls --no-dependencies > test-artifacts/vsix-files.txt
node test/e2e/e2e.mjs test-artifacts/gradient-lens.vsix "$@"
node test/e2e/live.mjs test-artifacts/gradient-lens.vsix "$@"
exec node test/e2e/inspector.mjs test-artifacts/gradient-lens.vsix "$@"
