#!/usr/bin/env bash
# Restore a backup folder made by backup.sh: checks every checksum first, then replaces the
# database (pg_restore --clean, or SQLite's backup API) and writes every media file back.
# Stop the app servers' timers first; afterwards run `manage.py update_index` if search is
# on Elasticsearch. Usage: deploy/restore.sh /var/backups/portal/20261201T021500Z
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: $0 BACKUP_FOLDER" >&2; exit 2; }
.venv/bin/python manage.py restore "$1"
