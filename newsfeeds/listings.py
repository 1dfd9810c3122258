"""What this app adds to the home page block and to unit pages: one query each."""

from .models import FeedItem

UNIT_FEED_ITEMS = 6


def home_items(request, count):
    """Items for the home page's "CPV e-newspaper" block (the ``home_party_news`` hook)."""
    return [_shown(item) for item in FeedItem.objects.for_home()[:count]]


def unit_items(unit, request):
    """Items of the feeds shown on this unit's page (the ``unit_page_context`` hook)."""
    return {
        "feed_items": [_shown(item) for item in FeedItem.objects.for_unit(unit)[:UNIT_FEED_ITEMS]]
    }


def _shown(item):
    # The home block's template reads ``url`` and ``date``, as for its other providers.
    item.url = item.link
    item.date = item.published_at
    return item
