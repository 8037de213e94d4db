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

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "S11 Portal needs Node.js 20.19 or later (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
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

say "Installing packages"
pnpm install --frozen-lockfile --reporter=append-only
