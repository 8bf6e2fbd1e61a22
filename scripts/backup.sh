#!/usr/bin/env bash
# Back up the PostgreSQL database and the media folder (stored PDFs, papers, case files) into a folder:
#   DATABASE_URL=postgres://user@host:5432/name bash scripts/backup.sh /path/to/backups/2026-12-03
# It writes db.dump (pg_dump's custom format: every table, history included), media.tar.gz and
# manifest.json (scripts/restore.sh checks the restored copy against it). pg_dump takes a consistent
# snapshot while the app runs; copy the media folder at the same time, or stop uploads while it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: bash scripts/backup.sh <folder>}
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
media=${MEDIA_ROOT:-media}
mkdir -p "$target"
pg_dump --format=custom --no-owner --file "$target/db.dump" "$DATABASE_URL"
if [ -d "$media" ]; then
  tar -czf "$target/media.tar.gz" -C "$media" .
else
  tar -czf "$target/media.tar.gz" --files-from /dev/null
fi
.venv/bin/python manage.py backup_manifest --output "$target/manifest.json"
echo "Backed up to $target: db.dump, media.tar.gz, manifest.json"
