#!/usr/bin/env bash
# Installs SockLab from this checkout for the current user, without touching the
# system's Python (Debian 12 / Ubuntu 24.04 refuse `pip install` there: PEP 668).
#
#   bash packaging/install.sh                      # with python3
#   PYTHON=/usr/bin/python3 bash packaging/install.sh
#
# It makes (or reuses) a virtual environment in
#   ${XDG_DATA_HOME:-$HOME/.local/share}/socklab/venv
# installs SockLab into it as a user gets it (a built wheel, not editable) with
# its dependencies, and links the `socklab` command into $HOME/.local/bin. Run it
# again after `git pull` to upgrade in place: SockLab itself is always
# reinstalled, its dependencies only when the new version needs newer ones. A
# venv made by another Python (or a broken one) is rebuilt. Needs Python 3.11+
# with the venv module (Debian: python3-venv, which
# packaging/install-system-deps.sh installs). Run it as yourself, not with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
data="${XDG_DATA_HOME:-$HOME/.local/share}/socklab"
venv="$data/venv"
bindir="$HOME/.local/bin"
link="$bindir/socklab"

fail() {
    echo "install: $*" >&2
    exit 1
}

# 1. The interpreter: present, 3.11 or newer, with venv and ensurepip (Debian
#    ships ensurepip in python3-venv; without it `python3 -m venv` leaves a
#    half-made folder). The version check runs on any Python, even 2.7.
command -v "$python" >/dev/null 2>&1 ||
    fail "no '$python' found; install Python 3.11 or newer, or name one with PYTHON=/path/to/python3"
found=$("$python" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null) ||
    fail "'$python' does not run"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' ||
    fail "SockLab needs Python 3.11 or newer, but '$python' is Python $found.
  Install a newer Python and run: PYTHON=/path/to/python3.11 bash packaging/install.sh"
"$python" -c 'import venv, ensurepip' 2>/dev/null ||
    fail "'$python' (Python $found) cannot make virtual environments: its venv/ensurepip module is missing.
  On Debian or Ubuntu run: sudo apt install python3-venv
  (or: sudo bash packaging/install-system-deps.sh), then run this script again."

# 2. The virtual environment: reuse it when it runs and was made by this same
#    Python (same base prefix and version); otherwise build it afresh.
base() { "$1" -c 'import sys; print(sys.base_prefix, *sys.version_info[:3])' 2>/dev/null; }
if [[ -e "$venv" ]]; then
    wanted=$(base "$python")
    have=$(base "$venv/bin/python" || true)
    if [[ "$have" != "$wanted" ]]; then
        echo "install: rebuilding $venv (it was made by another Python or no longer runs)"
        rm -rf -- "$venv"
    fi
fi
if [[ ! -e "$venv" ]]; then
    echo "install: making a virtual environment in $venv with $python (Python $found)"
    mkdir -p "$data"
    if ! "$python" -m venv "$venv"; then
        rm -rf -- "$venv"
        fail "'$python' -m venv failed (see above); on Debian or Ubuntu: sudo apt install python3-venv"
    fi
else
    echo "install: upgrading SockLab in $venv"
fi
vpy="$venv/bin/python"

# 3. SockLab: build one wheel from this checkout (the build backend's chatter is
#    shown only if the build fails), then install it. --force-reinstall --no-deps
#    replaces SockLab even when its version number has not changed; the second
#    install brings the dependencies (upgrading only what the new version needs).
#    pip -qq still prints errors.
pip=("$vpy" -m pip --disable-pip-version-check)
"${pip[@]}" install -qq --upgrade pip
wheels=$(mktemp -d)
trap 'rm -rf -- "$wheels"' EXIT
echo "install: building SockLab from $(pwd)"
if ! log=$("${pip[@]}" wheel -q --no-deps --wheel-dir "$wheels" . 2>&1); then
    printf '%s\n' "$log" >&2
    fail "building SockLab's wheel failed (output above)"
fi
wheel=$(echo "$wheels"/socklab-*.whl)
[[ -f "$wheel" ]] || fail "the build made no socklab wheel in $wheels"
echo "install: installing SockLab and its dependencies (PySide6 is large: the first time takes a while)"
"${pip[@]}" install -qq --force-reinstall --no-deps "$wheel"
"${pip[@]}" install -qq "$wheel"
"$venv/bin/socklab" --version >/dev/null || fail "the installed socklab does not start: $venv/bin/socklab --version"

# 4. The command: a symlink in ~/.local/bin. An existing symlink, or a launcher
#    that an older `pip install --user .` wrote, is replaced; any other file is
#    left alone.
mkdir -p "$bindir"
if [[ -e "$link" && ! -L "$link" ]] && ! grep -q 'socklab' "$link" 2>/dev/null; then
    fail "$link exists and is not SockLab's; move it away and run this script again
  (SockLab itself is installed: $venv/bin/socklab)"
fi
ln -sfn "$venv/bin/socklab" "$link"

echo "install: done: $("$link" --version)"
echo "install: start it with: $link"
case ":$PATH:" in
    *":$bindir:"*) echo "install: or simply: socklab" ;;
    *)
        echo "install: NOTE: $bindir is not on your PATH, so a bare 'socklab' is not found yet."
        echo "  Debian and Ubuntu add it at your next login (~/.profile does so once the folder exists);"
        echo "  for this shell run:  export PATH=\"\$HOME/.local/bin:\$PATH\""
        echo "  (注意：$bindir 不在 PATH 中；重新登录后生效，或在当前终端执行上面的 export 命令)"
        ;;
esac
