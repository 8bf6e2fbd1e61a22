#!/usr/bin/env bash
# One command: install, create the SQLite database, load the demo partnership and serve the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py load_demo
exec .venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
