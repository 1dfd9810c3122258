"""Demo: the spoken version of the newest articles (espeak-ng, offline)."""

import time

from django.conf import settings
from django.db.models import Avg

from narration import service
from narration.models import Narration

DEMO_NARRATIONS = 24


def seed(stdout):
    from articles.models import ArticlePage

    started = time.monotonic()
    newest = ArticlePage.objects.live().order_by("-date", "-pk")[:DEMO_NARRATIONS]
    reader = service.reader()
    for article in newest:
        service.request(article, reader)
    counts = service.drain(DEMO_NARRATIONS)
    ready = Narration.objects.filter(status=Narration.Status.READY)
    figures = ready.aggregate(size=Avg("size"), duration=Avg("duration"))
    stdout.write(
        f"Narrations: {counts['ready']} made, {counts['failed']} failed in "
        f"{time.monotonic() - started:.1f} s ({settings.NARRATION_ENGINE.rsplit('.', 1)[-1]}); "
        f"{ready.count()} in all, {(figures['size'] or 0) / 1024:.0f} kB and "
        f"{figures['duration'] or 0:.0f} s of speech each on average"
    )
