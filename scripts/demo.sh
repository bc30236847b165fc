#!/bin/sh
# The main job on a fresh machine: set up, build, run the gradient-lens CLI on the bundled example, then open the
# example with the extension loaded — in VS Code when `code` is on PATH, otherwise in code-server in the browser
# (http://127.0.0.1:${PORT:-8080}, loopback only; a busy port is reported and the next free one is used), with
# examples/autodiff_tutorial.py open in the editor. Stop code-server with Ctrl+C.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
EXAMPLE="$ROOT/examples/autodiff_tutorial.py"
sh scripts/setup.sh --no-code-server
node scripts/build.mjs --production
echo "== gradient-lens run examples/autodiff_tutorial.py"
node dist/cli.js run examples/autodiff_tutorial.py || true
if command -v code >/dev/null 2>&1; then
  exec code --extensionDevelopmentPath="$ROOT" "$ROOT/examples" "$EXAMPLE"
fi
sh scripts/e2e/install-code-server.sh
. scripts/e2e/code-server-home.sh
npx vsce package --no-dependencies --no-rewrite-relative-links --allow-missing-repository -o dist/gradient-lens.vsix < /dev/null

# The port: ${PORT:-8080}, or the next free one when another program listens there.
WANTED=${PORT:-8080}
PORT=$(node -e '
const net = require("node:net");
const wanted = Number(process.argv[1]);
const tryPort = (p) => {
  const s = net.createServer();
  s.once("error", () => (p < wanted + 20 ? tryPort(p + 1) : (console.error("no free port near " + wanted), process.exit(1))));
  s.listen(p, "127.0.0.1", () => s.close(() => console.log(p)));
};
tryPort(wanted);
' "$WANTED")
if [ "$PORT" != "$WANTED" ]; then
  echo "== port $WANTED is busy (another program listens on 127.0.0.1:$WANTED; free it, or set PORT=...): using $PORT"
fi

DATA=${TMPDIR:-/tmp}/gradient-lens-demo
mkdir -p "$DATA/user/User"
# workbench.startupEditor none: the example file below is what opens.
printf '{"telemetry.telemetryLevel":"off","extensions.autoCheckUpdates":false,"extensions.autoUpdate":false,"workbench.startupEditor":"none"}\n' \
  > "$DATA/user/User/settings.json"
"$CODE_SERVER_BIN" --config "$GRADIENT_LENS_CODE_SERVER_HOME/config.yaml" --user-data-dir "$DATA/user" \
  --extensions-dir "$DATA/ext" --install-extension dist/gradient-lens.vsix --force
# The URL opens the examples folder with autodiff_tutorial.py in the editor (code-server's ?folder=…&payload=…).
PAYLOAD=$(node -e 'console.log(encodeURIComponent(JSON.stringify([["openFile", "vscode-remote://127.0.0.1:" + process.argv[1] + process.argv[2]]])))' "$PORT" "$EXAMPLE")
echo "== open http://127.0.0.1:$PORT/?folder=$ROOT/examples&payload=$PAYLOAD"
echo "   (examples/autodiff_tutorial.py opens in the editor; Ctrl+C here stops code-server)"
EXTENSIONS_GALLERY='{}' exec "$CODE_SERVER_BIN" --config "$GRADIENT_LENS_CODE_SERVER_HOME/config.yaml" \
  --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --user-data-dir "$DATA/user" --extensions-dir "$DATA/ext" "$ROOT/examples"
