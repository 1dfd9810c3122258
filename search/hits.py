"""Searches counted for the popular-queries report (admin → Tìm kiếm khuyến nghị) without
a database write per search: as visits.counters, counts build up in a per-process buffer and
reach the database in one batch every FLUSH_SECONDS or FLUSH_HITS searches."""

import logging
import threading
import time
from collections import Counter

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

logger = logging.getLogger(__name__)
FLUSH_SECONDS = 30
FLUSH_HITS = 200

_lock = threading.Lock()
_pending = Counter()  # (normalised query, date) -> searches
_last_flush = time.monotonic()


def count(query_string: str) -> None:
    """Count one search of ``query_string`` today."""
    key = (normalise_query_string(query_string), timezone.localdate())
    with _lock:
        _pending[key] += 1
        due = time.monotonic() - _last_flush >= FLUSH_SECONDS or _pending.total() >= FLUSH_HITS
    if due:
        try:
            flush()
        except DatabaseError:  # the counts are lost, the search is not
            logger.warning("Search hits could not be written", exc_info=True)


def flush() -> None:
    """Write the buffered counts in one transaction."""
    global _last_flush
    with _lock:
        pending = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not pending:
        return
    with transaction.atomic():
        for (query_string, day), hits in pending.items():
            if not query_string:
                continue
            query = Query.get(query_string)
            daily, _created = QueryDailyHits.objects.get_or_create(query=query, date=day)
            QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + hits)


def reset() -> None:
    """Forget the buffered counts and start a new window (tests)."""
    global _last_flush
    with _lock:
        _pending.clear()
        _last_flush = time.monotonic()
