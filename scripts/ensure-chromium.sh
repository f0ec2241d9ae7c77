#!/bin/sh
# Make sure a headless Chromium is installed for tests/test_serve.py (it loads `debitorka serve` in a
# browser and checks the app rendered). Idempotent; never fails the build: where Chromium cannot be
# installed the browser test skips and prints why.
#   scripts/ensure-chromium.sh           install Debian's `chromium` package if it is missing
set -u

have_browser() {
    for b in chromium chromium-browser google-chrome; do
        command -v "$b" >/dev/null 2>&1 && return 0
    done
    return 1
}

say() { echo "ensure-chromium: $*" >&2; }

have_browser && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    say "no Chromium and no apt-get here; the browser test (tests/test_serve.py) will be skipped"
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    say "no Chromium, and installing it needs root (sudo apt-get install chromium); the browser test will be skipped"
    exit 0
fi

say "installing Chromium (apt-get install chromium)…"
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq >/dev/null 2>&1 &&
   $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; then
    have_browser && { say "done"; exit 0; }
fi
say "could not install Chromium; the browser test will be skipped"
exit 0
