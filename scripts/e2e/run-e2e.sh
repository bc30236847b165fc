#!/bin/sh
# End-to-end test: build (production), package the .vsix, install it into code-server and drive it with Chromium:
# four scenarios (the editor: lenses, hovers, typing, problems; the live experience: printed output, code not run;
# the tape inspector; loop history: the sparkline hover, switching iterations), each run even if another fails.
# Screenshots: test-artifacts/e2e/*.png (live-*.png: the live experience) and test-artifacts/inspector/*.png.
# usage: sh scripts/e2e/run-e2e.sh [--keep-data]
# needs: sh scripts/setup.sh (code-server and Chromium, once)
set -eu
cd "$(dirname "$0")/../.."
node scripts/e2e/preflight.mjs
mkdir -p test-artifacts
node scripts/build.mjs --production
npx vsce package --no-dependencies --no-rewrite-relative-links --allow-missing-repository -o test-artifacts/gradient-lens.vsix < /dev/null
npx vsce ls --no-dependencies > test-artifacts/vsix-files.txt
rc=0
node test/e2e/e2e.mjs test-artifacts/gradient-lens.vsix "$@" || rc=$?
node test/e2e/live.mjs test-artifacts/gradient-lens.vsix "$@" || rc=$?
node test/e2e/inspector.mjs test-artifacts/gradient-lens.vsix "$@" || rc=$?
node test/e2e/loop.mjs test-artifacts/gradient-lens.vsix "$@" || rc=$?
exit $rc
