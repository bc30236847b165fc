#!/bin/sh
# Integration suite inside a real VS Code (code-server 4.100.3, headless Chromium). Builds, then runs
# dist/test/integration.js in code-server's extension host with examples/ as the workspace.
# usage: sh scripts/e2e/run-integration.sh [--grep=PATTERN] [--keep-data]   (without --grep, also the untrusted pass)
# needs: code-server and Chromium (sh scripts/setup.sh, once)
set -eu
cd "$(dirname "$0")/../.."
node scripts/e2e/preflight.mjs
node scripts/build.mjs
rc=0
node scripts/e2e/run-integration.mjs "$@" || rc=$?
# A second window in restricted mode (workspace trust on, folder untrusted): the `untrusted workspace` suite.
case " $* " in
*" --grep="* | *" --untrusted "*) ;;
*) node scripts/e2e/run-integration.mjs --untrusted || rc=$? ;;
esac
exit $rc
