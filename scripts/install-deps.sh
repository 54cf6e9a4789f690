#!/bin/sh
# Installs the Debian 12 packages Econtext needs to build and run; with --test,
# also what the test suite uses (OpenSSH's sshd, sudo, Xvfb). Idempotent: asks
# apt only for what is missing. Run as root (or through sudo).
set -eu

packages="build-essential cmake ninja-build git pkg-config python3
qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libqt6svg6
qt6-translations-l10n
libssh-dev libssl-dev zlib1g-dev libvterm-dev fonts-dejavu-core"
if [ "${1:-}" = "--test" ]; then
    packages="$packages openssh-server openssh-client sudo xvfb xauth imagemagick clang-format clang libclang-rt-14-dev"
fi

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "Installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
fi
