"""Visit counter (online now, today, total) and article views, without a database write per page.

Each visit is counted by the page's small script posting to ``/counter/`` (so cached pages
count too). Counts build up in a per-process buffer and reach the database in one batch
every ``FLUSH_SECONDS`` or ``FLUSH_HITS`` hits, whichever comes first; "online" and "a
visitor already seen today" live in the cache only. With Redis (``REDIS_URL``) those are
shared by every process; with the local-memory cache each process keeps its own.
"""

import hashlib
import threading
import time
from collections import Counter

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import DailyVisits, PageViews

FLUSH_SECONDS = 30
FLUSH_HITS = 200
ONLINE_WINDOW = 300  # seconds: a reader seen in the last five minutes is "online"
STATS_SECONDS = 30  # how long the figures read from the database are reused

_lock = threading.Lock()
_pending_visits = Counter()  # date -> visits
_pending_views = Counter()  # page id -> views
_last_flush = time.monotonic()


def _visitor(request) -> str:
    from portal.clientaddr import client_address

    address = client_address(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return hashlib.sha256(f"{address}|{agent}".encode()).hexdigest()[:32]


def _online(visitor: str) -> int:
    bucket = int(time.time()) // ONLINE_WINDOW
    if cache.add(f"counter:seen:{bucket}:{visitor}", 1, ONLINE_WINDOW * 2):
        try:
            current = cache.incr(f"counter:online:{bucket}")
        except ValueError:
            cache.add(f"counter:online:{bucket}", 0, ONLINE_WINDOW * 2)
            current = cache.incr(f"counter:online:{bucket}")
    else:
        current = cache.get(f"counter:online:{bucket}", 1)
    # Early in a window, the previous one still says who was here a moment ago.
    return max(current, cache.get(f"counter:online:{bucket - 1}", 0))


def record(request, page_id: int | None) -> dict:
    """Count a page view (and a visit, once per reader per day); return the figures."""
    today = timezone.localdate()
    visitor = _visitor(request)
    online = _online(visitor)
    new_visit = cache.add(f"counter:visitor:{today.isoformat()}:{visitor}", 1, 86400)
    with _lock:
        if new_visit:
            _pending_visits[today] += 1
        if page_id is not None:
            _pending_views[page_id] += 1
        due = (
            time.monotonic() - _last_flush >= FLUSH_SECONDS
            or sum(_pending_visits.values()) + sum(_pending_views.values()) >= FLUSH_HITS
        )
    if due:
        flush()
    stats = _stored_stats(today)
    with _lock:
        pending_today = _pending_visits[today]
        pending_total = sum(_pending_visits.values())
        pending_views = _pending_views[page_id] if page_id is not None else 0
    figures = {
        "online": online,
        "today": stats["today"] + pending_today,
        "total": stats["total"] + pending_total,
    }
    if page_id is not None:
        figures["views"] = _stored_views(page_id) + pending_views
    return figures


def flush() -> None:
    """Write the buffered counts in one batch."""
    global _last_flush
    with _lock:
        visits = dict(_pending_visits)
        views = dict(_pending_views)
        _pending_visits.clear()
        _pending_views.clear()
        _last_flush = time.monotonic()
    if not visits and not views:
        return
    with transaction.atomic():
        for day, count in visits.items():
            updated = DailyVisits.objects.filter(date=day).update(visits=F("visits") + count)
            if not updated:
                DailyVisits.objects.create(date=day, visits=count)
        existing = set(
            PageViews.objects.filter(page_id__in=views).values_list("page_id", flat=True)
        )
        for page_id in existing:
            PageViews.objects.filter(page_id=page_id).update(views=F("views") + views[page_id])
        from wagtail.models import Page

        new_pages = Page.objects.filter(pk__in=set(views) - existing).values_list("pk", flat=True)
        PageViews.objects.bulk_create(
            [PageViews(page_id=pk, views=views[pk]) for pk in new_pages], ignore_conflicts=True
        )
    cache.delete_many(
        [f"counter:stats:{day.isoformat()}" for day in visits]
        + [f"counter:views:{pk}" for pk in views]
    )


def _stored_stats(today) -> dict:
    key = f"counter:stats:{today.isoformat()}"
    stats = cache.get(key)
    if stats is None:
        stats = {
            "today": DailyVisits.objects.filter(date=today).values_list("visits", flat=True).first()
            or 0,
            "total": DailyVisits.objects.aggregate(total=Sum("visits"))["total"] or 0,
        }
        cache.set(key, stats, STATS_SECONDS)
    return stats


def _stored_views(page_id: int) -> int:
    key = f"counter:views:{page_id}"
    views = cache.get(key)
    if views is None:
        views = (
            PageViews.objects.filter(page_id=page_id).values_list("views", flat=True).first() or 0
        )
        cache.set(key, views, STATS_SECONDS)
    return views


def reset() -> None:
    """Forget the unwritten counts (tests)."""
    global _last_flush
    with _lock:
        _pending_visits.clear()
        _pending_views.clear()
        _last_flush = time.monotonic()
