#!/bin/sh
# The main job on a fresh machine: set up, build, run the gradient-lens CLI on the bundled example, then open the
# example with the extension loaded — in VS Code when `code` is on PATH, otherwise in code-server in the browser
# (http://127.0.0.1:${PORT:-8080}, loopback only). Stop code-server with Ctrl+C.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
sh scripts/setup.sh --no-code-server
node scripts/build.mjs --production
echo "== gradient-lens run examples/autodiff_tutorial.py"
node dist/cli.js run examples/autodiff_tutorial.py || true
if command -v code >/dev/null 2>&1; then
  exec code --extensionDevelopmentPath="$ROOT" "$ROOT/examples" "$ROOT/examples/autodiff_tutorial.py"
fi
sh scripts/e2e/install-code-server.sh
npx vsce package --no-dependencies --no-rewrite-relative-links -o dist/gradient-lens.vsix < /dev/null
CS=${CS_HOME:-/tmp/cs}/node_modules/.bin/code-server
DATA=/tmp/gradient-lens-demo
mkdir -p "$DATA/user/User"
printf '{"telemetry.telemetryLevel":"off","extensions.autoCheckUpdates":false,"extensions.autoUpdate":false,"workbench.startupEditor":"none"}\n' \
  > "$DATA/user/User/settings.json"
"$CS" --config "${CS_HOME:-/tmp/cs}/config.yaml" --user-data-dir "$DATA/user" --extensions-dir "$DATA/ext" \
  --install-extension dist/gradient-lens.vsix --force
echo "== open http://127.0.0.1:${PORT:-8080}/?folder=$ROOT/examples and then autodiff_tutorial.py"
EXTENSIONS_GALLERY='{}' exec "$CS" --config "${CS_HOME:-/tmp/cs}/config.yaml" --bind-addr "127.0.0.1:${PORT:-8080}" \
  --auth none --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$DATA/user" --extensions-dir "$DATA/ext" "$ROOT/examples"
