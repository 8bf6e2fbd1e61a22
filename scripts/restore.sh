#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY PostgreSQL database and media folder, then
# check it against the backup's manifest (every table's rows and keys, every stored file's checksum):
#   DATABASE_URL=postgres://user@host:5432/new_name MEDIA_ROOT=/srv/media-new bash scripts/restore.sh /path/to/backup
# Exits non-zero if anything differs. Point the app at the restored database and folder once it passes.
set -euo pipefail
cd "$(dirname "$0")/.."
source=${1:?usage: bash scripts/restore.sh <backup folder>}
: "${DATABASE_URL:?set DATABASE_URL to the empty PostgreSQL database to restore into}"
: "${MEDIA_ROOT:?set MEDIA_ROOT to the empty folder to restore the media into}"
mkdir -p "$MEDIA_ROOT"
pg_restore --no-owner --exit-on-error --dbname "$DATABASE_URL" "$source/db.dump"
tar -xzf "$source/media.tar.gz" -C "$MEDIA_ROOT"
restored=$(mktemp)
.venv/bin/python manage.py backup_manifest --output "$restored"
if ! diff -q "$source/manifest.json" "$restored" >/dev/null; then
  echo "The restored copy differs from the backup's manifest:" >&2
  diff "$source/manifest.json" "$restored" | head -n 40 >&2
  exit 1
fi
if grep -q '"problems": \[$' "$restored" || ! grep -q '"problems": \[\]' "$restored"; then
  echo "The restored copy has problems (missing files or checksums that do not match):" >&2
  .venv/bin/python -c "import json,sys; [print(p) for p in json.load(open(sys.argv[1]))['problems']]" "$restored" >&2
  exit 1
fi
echo "Restored from $source: every table, history row and stored file matches the backup."
