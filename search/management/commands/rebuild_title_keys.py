"""Write every page's exact-match keys (search.models.TitleKey) again.

Needed only after pages were changed behind the ORM's back (raw SQL, a restored dump
without the table); saves and portal.bulk keep the keys in step on their own.
"""

from django.core.management.base import BaseCommand

from search.keys import rebuild_all


class Command(BaseCommand):
    help = "Rebuild the exact-match keys (folded titles, unit names) of the search."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild_all()} trang đã có khóa tìm chính xác.")
