"""Absolute URLs, one rule for every output.

- A page's URL comes from its Wagtail Site: ``page.get_full_url(request)`` (the Site's
  ``root_url``, i.e. its host name and port) — canonical links, ``og:url``, the sitemap,
  feed items, the API's ``html_url``.
- Every other absolute URL comes from ``settings.BASE_URL``: ``absolute_url(path)`` — the
  API's ``detail_url`` and file links (``WAGTAILAPI_BASE_URL``), feed self links,
  robots.txt, links in e-mails, the admin's (``WAGTAILADMIN_BASE_URL``), the edge ban.

The two agree when the default Site names BASE_URL's host and port:
``manage.py sync_default_site`` sets it (``make run`` runs it on the port it serves).
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path=""):
    """``path`` (``/sitemap.xml``) on BASE_URL; an address that is already absolute stays."""
    if urlsplit(path).scheme:
        return path
    return settings.BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def site_address(base_url=None):
    """(host name, port) of BASE_URL, as a Wagtail Site stores them."""
    parts = urlsplit(base_url or settings.BASE_URL)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"BASE_URL is not an http(s) address: {base_url or settings.BASE_URL!r}")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
