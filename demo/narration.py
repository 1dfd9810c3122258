"""Demo: the spoken version of the newest articles (espeak-ng, offline)."""

import time

from django.conf import settings
from django.db.models import Avg

from narration import service
from narration.models import Narration

DEMO_NARRATIONS = 24  # settings.DEMO_NARRATIONS overrides (the test settings make two)


def seed(stdout):
    from articles.models import ArticlePage

    started = time.monotonic()
    count = getattr(settings, "DEMO_NARRATIONS", DEMO_NARRATIONS)
    newest = ArticlePage.objects.live().order_by("-date", "-pk")[:count]
    reader = service.reader()
    for article in newest:
        service.request(article, reader)
    counts = service.drain(count)
    ready = Narration.objects.filter(status=Narration.Status.READY)
    figures = ready.aggregate(size=Avg("size"), duration=Avg("duration"))
    stdout.write(
        f"Narrations: {counts['ready']} made, {counts['failed']} failed in "
        f"{time.monotonic() - started:.1f} s ({settings.NARRATION_ENGINE.rsplit('.', 1)[-1]}); "
        f"{ready.count()} in all, {(figures['size'] or 0) / 1024:.0f} kB and "
        f"{figures['duration'] or 0:.0f} s of speech each on average"
    )
