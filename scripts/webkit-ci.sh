#!/usr/bin/env bash
# WebKit (the engine of Safari on iPad) for the test suites: installs Debian's
# WebKitGTK WebDriver, Xvfb and the GTK bindings that e2e/webkit/browser.py
# needs, then (with --run) runs the WebKit journeys against the built app.
#   bash scripts/webkit-ci.sh          # install only (skipped when present)
#   bash scripts/webkit-ci.sh --run    # install, then run e2e/webkit/run.ts
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
/usr/bin/python3 -c 'import gi; gi.require_version("WebKit2", "4.1"); gi.require_version("Gtk", "3.0")' \
  >/dev/null 2>&1 || missing+=(python3-gi gir1.2-webkit2-4.1 gir1.2-gtk-3.0)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Please install these Debian packages (as root): ${missing[*]}" >&2
    exit 1
  fi
  echo "==> Installing Debian packages for WebKit: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi

if [ "${1:-}" = "--run" ]; then
  echo "==> WebKit journeys (WebKitWebDriver under Xvfb)"
  pnpm --filter @s11/e2e test:webkit
fi
