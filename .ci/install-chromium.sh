#!/usr/bin/env bash
# Debian's headless Chromium at /usr/bin/chromium, for the HTML report's browser test (playwright-core drives it).
# Already installed: prints its version and does nothing else. Otherwise installs Debian's `chromium` package
# with apt-get (as root, or through passwordless sudo). Fails loudly when it can't: the browser test must run.
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$CHROMIUM" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
    if [ "$SUDO" != "none" ]; then
      echo "== installing Debian's chromium for the HTML report's browser test"
      $SUDO apt-get update
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
    fi
  fi
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "error: $CHROMIUM is missing and could not be installed (needs Debian's apt-get as root or passwordless sudo)." >&2
  echo "Fix: apt-get update && apt-get install -y chromium; the HTML report's browser test (test/preview/html-report.spec.ts) needs it." >&2
  exit 1
fi
"$CHROMIUM" --headless --no-sandbox --version
