from django.core.management.base import BaseCommand, CommandError

from narration import service


class Command(BaseCommand):
    help = (
        "Make the spoken version (MP3) of articles: the pending ones (default; run it from a "
        "timer), given pages, or every live public article whose text changed (--all)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--page", type=int, nargs="+", default=[], help="page ids to read now")
        parser.add_argument(
            "--all", action="store_true", help="queue every live public article first"
        )
        parser.add_argument("--limit", type=int, default=50, help="at most this many files")

    def handle(self, *args, page, all, limit, **options):
        from articles.models import ArticlePage

        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        reader = service.reader()
        if page or all:
            pages = ArticlePage.objects.live()
            pages = pages.filter(pk__in=page) if page else pages.order_by("-date", "-pk")
            queued = 0
            for article in pages.iterator():
                if service.request(article, reader) is not None:
                    queued += 1
            missing = set(page) - set(pages.values_list("pk", flat=True)) if page else set()
            if missing:
                self.stderr.write(
                    f"No live article with id {', '.join(map(str, sorted(missing)))}."
                )
            self.stdout.write(f"Queued or up to date: {queued}")
        counts = service.drain(limit, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Narrations made: {counts['ready']}, failed: {counts['failed']}, "
                f"skipped: {counts['skipped']}"
            )
        )
