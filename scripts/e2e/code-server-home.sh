# Sourced by the sh scripts: where code-server lives (the same rule as scripts/e2e/codeServerHome.mjs).
# One variable, GRADIENT_LENS_CODE_SERVER_HOME; default: the per-user cache ${XDG_CACHE_HOME:-$HOME/.cache}.
if [ -z "${GRADIENT_LENS_CODE_SERVER_HOME:-}" ]; then
  GL_HOME=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
  GRADIENT_LENS_CODE_SERVER_HOME=${XDG_CACHE_HOME:-$GL_HOME/.cache}/gradient-lens/code-server
fi
export GRADIENT_LENS_CODE_SERVER_HOME
CODE_SERVER_BIN="$GRADIENT_LENS_CODE_SERVER_HOME/node_modules/.bin/code-server"
