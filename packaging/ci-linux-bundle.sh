#!/usr/bin/env bash
# CI's "Linux bundle" step (.ci/run calls it; it also runs alone, as root on Debian):
# builds dist/SockLab/ and dist/socklab-<version>-linux-<arch>.tar.gz with
# packaging/build.py in a virtual environment of its own, unpacks the archive
# and runs the frozen `SockLab --version` and `SockLab --self-test` from it
# (offscreen, and on X11 under Xvfb when xvfb-run is there), validates the
# desktop entry and the AppStream metainfo, and prints the bundle's size.
# Fails if any of that fails; skips (exit 0, with the reason) only when pip
# cannot install PyInstaller.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
venv=.venv-bundle
started=$(date +%s)

# The validators (apt, only if missing).
missing=()
command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
command -v appstreamcli >/dev/null 2>&1 || missing+=(appstream)
if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    echo "bundle: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
if ! log=$("$venv/bin/python" -m pip install -q pyinstaller 2>&1); then
    echo "== Linux bundle skipped: pip cannot install PyInstaller:"
    printf '%s\n' "$log" | tail -n 5
    exit 0
fi
"$venv/bin/python" -m pip install -q Pillow || echo "bundle: no Pillow, so no .ico / .icns (Linux does not need them)"
"$venv/bin/python" -m pip install -q --force-reinstall --no-deps .
"$venv/bin/python" -m pip install -q .

"$venv/bin/python" packaging/build.py

version=$("$venv/bin/python" -c 'from importlib.metadata import version; print(version("socklab"))')
archive="dist/socklab-$version-linux-$(uname -m).tar.gz"
[[ -f "$archive" ]] || { echo "bundle: $archive was not made" >&2; exit 1; }

# Run the program as a user gets it: from the unpacked archive, without the venv.
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
tar -xzf "$archive" -C "$unpacked"
program="$unpacked/SockLab/SockLab"

shown=$(env -i HOME="$unpacked" PATH=/usr/bin:/bin LANG=C.UTF-8 "$program" --version)
echo "bundle: $program --version: $shown"
[[ "$shown" == "socklab $version" ]] || { echo "bundle: expected 'socklab $version'" >&2; exit 1; }

report=$(env -i HOME="$unpacked" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$program" --self-test)
printf '%s\n' "$report"
grep -q "qtbase_zh_CN.qm" <<<"$report" || { echo "bundle: Qt's zh_CN translation is missing" >&2; exit 1; }
if command -v xvfb-run >/dev/null 2>&1; then
    echo "bundle: the same on X11 (Xvfb), through Qt's xcb platform plugin"
    env -i HOME="$unpacked" PATH=/usr/bin:/bin LANG=C.UTF-8 xvfb-run -a "$program" --self-test
fi

desktop-file-validate packaging/linux/io.github.socklab.SockLab.desktop
appstreamcli validate --no-net packaging/linux/io.github.socklab.SockLab.metainfo.xml
echo "bundle: desktop entry and metainfo validate"

echo "bundle: size $(du -sh dist/SockLab | cut -f1) unpacked, $(du -h "$archive" | cut -f1) as $archive"
echo "bundle: step took $(($(date +%s) - started)) s"
