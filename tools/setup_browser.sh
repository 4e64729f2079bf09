#!/usr/bin/env bash
# Install what the browser test suite (browser_tests/) needs:
#   - Debian's chromium at /usr/bin/chromium (Playwright cannot download browsers here),
#   - Playwright for Python, pinned, into the given virtual environment.
# Idempotent: when both are present it only checks and returns in about a second.
# Usage: bash tools/setup_browser.sh [VENV]   (default: .venv)
set -euo pipefail

VENV="${1:-.venv}"
PLAYWRIGHT_VERSION="1.65.2"
CHROMIUM="/usr/bin/chromium"

if [ ! -x "$VENV/bin/python" ]; then
    echo "setup_browser: no Python at $VENV/bin/python (run 'make' set-up first)" >&2
    exit 1
fi

if [ ! -x "$CHROMIUM" ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "setup_browser: installing Debian's chromium (about a minute)"
    # The lock timeout waits for another apt run instead of failing at once.
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 \
        install -y -q chromium
fi

have="$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("playwright"))' 2>/dev/null || true)"
if [ "$have" != "$PLAYWRIGHT_VERSION" ]; then
    echo "setup_browser: installing playwright==$PLAYWRIGHT_VERSION into $VENV"
    # No 'playwright install': it downloads browsers; we launch /usr/bin/chromium instead.
    "$VENV/bin/python" -m pip install --quiet "playwright==$PLAYWRIGHT_VERSION"
fi

echo "setup_browser: $("$CHROMIUM" --version 2>/dev/null), playwright $PLAYWRIGHT_VERSION"
