#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine (Debian 12, Node 20, Java 17 + Maven):
# pnpm, the workspace's packages, the embedded database build, Schemathesis in .data/venv (API fuzzing), and with
# --with-browser Debian's Chromium for the browser tests. Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=0
for arg in "$@"; do
  case "$arg" in
    --with-browser) with_browser=1 ;;
    *) echo "usage: scripts/setup.sh [--with-browser]" >&2; exit 2 ;;
  esac
done

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then echo "setup: Node 20 or newer is required (found $(node -v))" >&2; exit 1; fi

if ! command -v pnpm >/dev/null 2>&1; then
  echo "setup: installing pnpm"
  # corepack cannot verify pnpm's registry signatures here; npm can install it directly.
  npm install -g pnpm@12.21.0 --loglevel=error
fi

echo "setup: pnpm install"
pnpm install --frozen-lockfile --reporter=append-only 2>&1 | grep -vE 'EBADENGINE|Unsupported engine|^\s*$' | tail -n 5

if command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then
  node server/devdb/build.mjs
else
  echo "setup: java/mvn not found: the embedded database cannot be built; set MONGODB_URI to use a MongoDB server"
fi

# Schemathesis (the API fuzzer of scripts/fuzz-api.mjs) in a project-local virtualenv, every package pinned; installed
# again only when scripts/fuzz-api.requirements.txt changes.
venv=.data/venv
requirements=scripts/fuzz-api.requirements.txt
stamp="$venv/.requirements.sha256"
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ -x "$venv/bin/schemathesis" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  echo "setup: schemathesis up to date ($("$venv/bin/schemathesis" --version))"
elif ! command -v python3 >/dev/null 2>&1; then
  echo "setup: python3 not found: the API fuzzing step (scripts/fuzz-api.mjs) needs Python 3.10+ with venv" >&2; exit 1
else
  echo "setup: installing schemathesis into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  echo "$wanted" > "$stamp"
  "$venv/bin/schemathesis" --version
fi

if [ "$with_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Chromium from Debian packages (for the browser tests)"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
echo "setup: done"
