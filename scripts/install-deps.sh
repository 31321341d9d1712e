#!/usr/bin/env bash
# Installs the system packages recond needs to build and run, if any are missing.
# Debian/Ubuntu only. Runs apt-get as root, or through sudo when not root.
# The Swift toolchain itself (6.3) must already be on PATH.
set -euo pipefail

packages=(librocksdb-dev libsqlite3-dev libyaml-dev make gcc)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
    echo "install-deps: installing ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "install-deps: swift is not on PATH; install the Swift 6.3 toolchain first" >&2
    exit 1
fi
