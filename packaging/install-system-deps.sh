#!/usr/bin/env bash
# Installs the Debian packages listed in debian-packages.txt that are missing.
# Needs root (or sudo); does nothing when everything is there already.
# Used by the README's install command and by tests/run.sh.
set -euo pipefail
list="$(dirname "$0")/debian-packages.txt"
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "install-system-deps: not a Debian-like system; install Qt's libraries (and Python's venv module) yourself" >&2
    exit 0
fi
missing=()
while read -r package; do
    [[ -z "$package" || "$package" == \#* ]] && continue
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done < "$list"
if ((${#missing[@]} == 0)); then
    echo "install-system-deps: all present"
    exit 0
fi
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "install-system-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
