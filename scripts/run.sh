#!/usr/bin/env bash
# One command: install, create the SQLite database, load the demo partnership and serve the app, with a
# background worker beside the server (the annual review's PDF, emails to members, the daily reminders;
# see README "Background work").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py send_reminders --schedule
.venv/bin/python manage.py db_worker --no-startup-delay &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
.venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
