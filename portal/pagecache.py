"""Anonymous page cache: whole responses for readers, fresh after every change.

The rule is deliberately simple: a site-wide version number is part of every key, and
publishing, unpublishing, moving or deleting any page (or changing a document, an image,
a site or the portal settings) bumps it, so every cached page is fresh at once.

Readers with a session (editors, or anyone who passed a page password) are never served
from the cache nor stored in it; neither are responses that set a cookie, non-200
responses, or anything under /admin/ (previews live there).

The version is shared by every process: in the cache itself when the cache is shared
(Redis), in a small stamp file when it is the per-process local memory cache.
"""

import hashlib
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

from portal.edgecache import ban_site

VERSION_KEY = "pagecache:version"
HEADER = "X-Page-Cache"
SKIPPED_HEADERS = {"set-cookie", HEADER.lower()}


def _uses_local_memory() -> bool:
    return "LocMemCache" in settings.CACHES["default"]["BACKEND"]


def _stamp_path() -> Path:
    return Path(getattr(settings, "PORTAL_PAGE_CACHE_STAMP", "") or settings.MEDIA_ROOT) / (
        ".pagecache-version"
    )


def current_version() -> str:
    if _uses_local_memory():
        try:
            return _stamp_path().read_text() or "0"
        except OSError:
            return "0"
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return str(version)


def bump_version() -> None:
    """Make every cached page stale (after the current transaction commits), here and at
    the edge cache (portal.edgecache)."""
    transaction.on_commit(_bump_now)
    transaction.on_commit(ban_site)


def _bump_now() -> None:
    if _uses_local_memory():
        path = _stamp_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}")
        temporary.write_text(str(time.time_ns()))
        os.replace(temporary, path)
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)


def remember(name: str, compute, timeout: int = 3600):
    """``compute()``, kept in the cache until the next change bumps the version.

    For the small things every page reads (menu, footer settings, view restrictions).
    """
    key = f"pagecache:{current_version()}:value:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def _is_cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(
            getattr(settings, "PORTAL_PAGE_CACHE_EXCLUDE", ("/admin/",))
        )
        and not getattr(request, "is_preview", False)
    )


def _key(request, version: str) -> str:
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pagecache:{version}:{address}"


class PageCacheMiddleware:
    """Serve and store anonymous GET responses; see the module docstring for the rule."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 600)

    def __call__(self, request):
        if not self.timeout or not _is_cacheable_request(request):
            return self.get_response(request)
        # The version read before rendering names the entry: a page rendered while an
        # editor publishes is stored under the old version and never served.
        key = _key(request, current_version())
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if self._is_cacheable_response(request, response):
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in SKIPPED_HEADERS
            ]
            cache.set(key, (response.status_code, headers, response.content), self.timeout)
            response.headers[HEADER] = "miss"
        return response

    @staticmethod
    def _is_cacheable_response(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return False
        cache_control = response.headers.get("Cache-Control", "")
        return "private" not in cache_control and "no-cache" not in cache_control


def connect_signals() -> None:
    """Bump the version on every change a reader could see."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    def bump(**kwargs):
        bump_version()

    def bump_on_page_delete(sender, instance, **kwargs):
        if isinstance(instance, Page):
            bump_version()

    page_published.connect(bump, dispatch_uid="pagecache-published", weak=False)
    page_unpublished.connect(bump, dispatch_uid="pagecache-unpublished", weak=False)
    post_page_move.connect(bump, dispatch_uid="pagecache-moved", weak=False)
    post_delete.connect(bump_on_page_delete, dispatch_uid="pagecache-page-deleted", weak=False)
    for model in (get_document_model(), get_image_model(), Site, PageViewRestriction):
        post_save.connect(
            bump, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}", weak=False
        )
        post_delete.connect(
            bump, sender=model, dispatch_uid=f"pagecache-del-{model.__name__}", weak=False
        )

    def bump_on_settings_save(sender, instance, created=False, **kwargs):
        # Settings rows are created with their defaults on first read: nothing changes then.
        if not created and isinstance(instance, BaseSiteSetting | BaseGenericSetting):
            bump_version()

    post_save.connect(bump_on_settings_save, dispatch_uid="pagecache-settings-saved", weak=False)
