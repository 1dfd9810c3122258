"""Probes for load balancers: /healthz (the process answers) and /readyz (it can serve).

/readyz checks the database, the cache and the search backend, each in its own thread
with a short timeout (``PORTAL_READY_TIMEOUT``), and answers JSON with "ok" or "failed"
per component: no host names, no error text, no personal data. Only the database makes
the server unready (503): without it no page can be rendered. A failed cache or search
backend is reported, with status "degraded" and 200, because the portal serves through
both (uncached pages; "search is unavailable"), and because every app server shares
them: pulling all of them out of the balancer at once would turn a degradation into an
outage.
"""

import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from wagtail.models import Page

logger = logging.getLogger(__name__)
REQUIRED = ("database",)


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    finally:
        connection.close()  # this thread's own connection


def _cache():
    key, value = f"readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, 10)  # errors may be swallowed (IGNORE_EXCEPTIONS): read it back
    found = cache.get(key)
    cache.delete(key)
    return found == value


def _search():
    try:
        list(Page.objects.live().search("readyz", order_by_relevance=False)[:1])
        return True
    finally:
        connection.close()


CHECKS = {"database": _database, "cache": _cache, "search": _search}


def _run(checks, timeout):
    results = {}
    pool = ThreadPoolExecutor(max_workers=len(checks))
    futures = {name: pool.submit(check) for name, check in checks.items()}
    for name, future in futures.items():
        try:
            results[name] = "ok" if future.result(timeout=timeout) else "failed"
        except FutureTimeout:
            results[name] = "failed"
        except Exception:  # any failure of a dependency is "failed", logged, not shown
            logger.warning("readyz: %s check failed", name, exc_info=True)
            results[name] = "failed"
    pool.shutdown(wait=False, cancel_futures=True)  # a hung check must not hold the answer
    return results


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks = _run(CHECKS, settings.PORTAL_READY_TIMEOUT)
    if any(checks[name] != "ok" for name in REQUIRED):
        status = "failed"
    elif all(result == "ok" for result in checks.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse({"status": status, **checks}, status=503 if status == "failed" else 200)
