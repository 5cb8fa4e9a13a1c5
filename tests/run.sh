#!/usr/bin/env bash
# SockLab's test command: installs what the tests need, then runs lint and the suite.
#   bash tests/run.sh                 # with python3
#   PYTHON=python3.12 bash tests/run.sh
# Builds a virtual environment in .venv-test-<version>, installs SockLab into it
# (a real, non-editable install, as a user gets it) and runs pytest there.
# Arguments go to pytest, e.g. bash tests/run.sh -x tests/core
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
bash packaging/install-system-deps.sh
version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
venv=".venv-test-$version"
[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
# pip -qq prints errors only (no warnings, no progress); the build backend's
# chatter (setuptools deprecation notices) is shown only when the build fails.
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
"${pip[@]}" install -qq --upgrade pip
# Build SockLab's wheel once, then install it: --force-reinstall --no-deps
# replaces it even when the version number has not changed, the second install
# brings the test and dev extras.
wheels=$(mktemp -d)
trap 'rm -rf -- "$wheels"' EXIT
if ! log=$("${pip[@]}" wheel -q --no-deps --wheel-dir "$wheels" . 2>&1); then
    printf '%s\n' "$log" >&2
    echo "tests/run.sh: building SockLab's wheel failed (output above)" >&2
    exit 1
fi
wheel=$(echo "$wheels"/socklab-*.whl)
"${pip[@]}" install -qq --force-reinstall --no-deps "$wheel"
"${pip[@]}" install -qq "$wheel[test,dev]"
rm -rf -- "$wheels"
trap - EXIT
"$venv/bin/ruff" check app tests
"$venv/bin/ruff" format --check app tests
# app/ is not on sys.path: the tests import the installed package.
exec "$venv/bin/python" -m pytest "$@"
