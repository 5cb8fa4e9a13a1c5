#!/usr/bin/env bash
# SockLab's test command: installs what the tests need, then runs lint and the suite.
#   bash tests/run.sh                 # with python3
#   PYTHON=python3.12 bash tests/run.sh
# Builds a virtual environment in .venv-test-<version>, installs SockLab into it
# (a real, non-editable install, as a user gets it) and runs pytest there.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
bash packaging/install-system-deps.sh
version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
venv=".venv-test-$version"
[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q --force-reinstall --no-deps .
"$venv/bin/python" -m pip install -q ".[test,dev]"
"$venv/bin/ruff" check app tests
"$venv/bin/ruff" format --check app tests
# app/ is not on sys.path: the tests import the installed package.
exec "$venv/bin/python" -m pytest "$@"
