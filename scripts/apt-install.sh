# Shared by the ensure-*.sh scripts: install one Debian package if we may; never fails the build.
#   apt_install PACKAGE WHAT      (WHAT names what skips without it, for the message)
apt_install() {
    pkg=$1 what=$2
    if ! command -v apt-get >/dev/null 2>&1; then
        say "no $pkg and no apt-get here; $what will be skipped"
        return 1
    fi
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        say "no $pkg, and installing it needs root (sudo apt-get install $pkg); $what will be skipped"
        return 1
    fi
    say "installing $pkg (apt-get install $pkg)…"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null 2>&1 &&
        $SUDO apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1
}
