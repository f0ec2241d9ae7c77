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

. "$(dirname "$0")/apt-install.sh"
if apt_install chromium "the browser test (tests/test_serve.py)"; then
    have_browser && { say "done"; exit 0; }
fi
say "could not install chromium; the browser test (tests/test_serve.py) will be skipped"
exit 0
