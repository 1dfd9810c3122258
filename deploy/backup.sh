#!/usr/bin/env bash
# Nightly backup (deploy/systemd/portal-backup.timer): database dump + every media file with
# SHA-256 checksums, into a new folder under $BACKUP_DIR; folders older than
# $BACKUP_KEEP_DAYS are removed. Copy $BACKUP_DIR off the machine (rsync, object storage).
# pg_dump must be of the server's major version or newer (PG_BIN_DIR=/usr/lib/postgresql/16/bin).
set -euo pipefail
umask 077  # owner-only: the backup holds password hashes and personal data
cd "$(dirname "$0")/.."
BACKUP_DIR=${BACKUP_DIR:-/var/backups/portal}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
.venv/bin/python manage.py backup "$BACKUP_DIR"
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -mtime +"$BACKUP_KEEP_DAYS" -exec rm -rf {} +
