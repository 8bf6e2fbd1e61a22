#!/usr/bin/env bash
# One command: install what the tests need (Chromium from Debian for the browser tests) and run
# the whole suite with pytest. On SQLite by default; set DATABASE_URL to run it on PostgreSQL.
#
# pytest-xdist runs the suite on one worker per core (-n auto); pytest-django gives each worker a
# database of its own (an in-memory SQLite database, or test_<name>_gw0, test_<name>_gw1, ... on
# PostgreSQL). --dist loadscope sends each test module to one worker as a whole, so a module's world
# (tests/conftest.py) and records are built once, and each worker loads the browser tests' demo once
# (tests/browser/conftest.py). Extra arguments go to pytest after these, so `-n 0` runs it serially.
# One pytest run for the whole suite: pytest's exit code 5 (no test collected) only comes from a
# selection that matches nothing, and it fails the script, as CI (.ci/run) wants when no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is needed for the browser tests: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py makemigrations --check --dry-run
exec .venv/bin/python -m pytest -n auto --dist loadscope "$@"
