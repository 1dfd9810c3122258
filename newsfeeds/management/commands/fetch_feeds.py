"""``manage.py fetch_feeds``: fetch every active external feed (run by cron every few minutes)."""

from django.core.management.base import BaseCommand

from newsfeeds.fetching import fetch_all
from newsfeeds.models import ExternalFeed


class Command(BaseCommand):
    help = "Lấy tin mới từ các nguồn RSS/Atom đang bật (Fetch every active external feed)."

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, action="append", help="Only this feed id.")

    def handle(self, *args, feed=None, **options):
        feeds = ExternalFeed.objects.filter(active=True)
        if feed:
            feeds = feeds.filter(pk__in=feed)
        results = fetch_all(feeds)
        for item in ExternalFeed.objects.filter(pk__in=results):
            line = f"{item.name}: {item.last_result}"
            if item.last_error:
                line += f" {item.last_error}"
            self.stdout.write(line)
        for item in feeds.exclude(pk__in=results):
            self.stdout.write(f"{item.name}: một lần chạy khác đang lấy nguồn này, bỏ qua.")
        self.stdout.write(f"{sum(results.values())} tin mới từ {len(results)} nguồn.")
