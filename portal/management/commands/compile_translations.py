from django.core.management.base import BaseCommand

from portal.translations import compile_all


class Command(BaseCommand):
    help = "Compile the project's .po catalogues to .mo (with polib; GNU gettext not needed)."

    def handle(self, *args, **options):
        compiled = compile_all()
        self.stdout.write(f"{len(compiled)} catalogue(s) compiled.")
