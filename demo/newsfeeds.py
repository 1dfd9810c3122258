"""Demo content for ``seed_demo``: one external feed, inactive, so ``make run`` fetches nothing."""

from django.conf import settings

from newsfeeds.models import ExternalFeed


def seed(stdout):
    feed, created = ExternalFeed.objects.get_or_create(
        name="Báo điện tử Đảng Cộng sản Việt Nam (mẫu)",
        defaults={
            "url": settings.NEWSFEEDS_DEMO_URL,
            "format": ExternalFeed.Format.RSS,
            "placement": ExternalFeed.Placement.HOME,
            "active": False,
        },
    )
    if created:
        stdout.write(f"Demo feed registered (inactive): {feed.url}")
