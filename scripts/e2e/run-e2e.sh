#!/bin/sh
# End-to-end test: build (production), package the .vsix, install it into code-server and drive it with Chromium:
# two scenarios (the editor: lenses, hovers, typing, problems; the tape inspector), each run even if the other fails.
# Screenshots: test-artifacts/e2e/*.png and test-artifacts/inspector/*.png.   usage: sh scripts/e2e/run-e2e.sh [--keep-data]
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
node test/e2e/inspector.mjs test-artifacts/gradient-lens.vsix "$@" || rc=$?
exit $rc
