"""Demo: the spoken version of the newest articles (espeak-ng, offline)."""

from django.conf import settings

from . import service

DEMO_NARRATIONS = 24


def seed(stdout):
    from articles.models import ArticlePage

    newest = ArticlePage.objects.live().order_by("-date", "-pk")[:DEMO_NARRATIONS]
    reader = service.reader()
    for article in newest:
        service.request(article, reader)
    counts = service.drain(DEMO_NARRATIONS)
    stdout.write(
        f"Narrations: {counts['ready']} made, {counts['failed']} failed "
        f"({settings.NARRATION_ENGINE.rsplit('.', 1)[-1]})"
    )
