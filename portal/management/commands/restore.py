from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup folder made by `backup`: replaces the database and media files."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, source, yes=False, **options):
        if not (source / "manifest.json").is_file():
            raise CommandError(f"{source} is not a backup folder (no manifest.json).")
        if not yes and input(f"Replace the database and media with {source}? [y/N] ") != "y":
            raise CommandError("Nothing restored.")
        try:
            manifest = restore(source)
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(f"Restored {source}: {manifest['pages']} pages at backup time")
