from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.backups import back_up


class Command(BaseCommand):
    help = "Back up the database and every media file into a new folder under DIRECTORY."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--name", help="folder name (default: the UTC date and time)")

    def handle(self, directory, name=None, **options):
        destination = directory / (name or timezone.now().strftime("%Y%m%dT%H%M%SZ"))
        manifest = back_up(destination)
        self.stdout.write(
            f"{destination}: {manifest['pages']} pages, {manifest['media_files']} media files"
        )
