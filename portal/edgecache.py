"""Edge cache (Varnish) invalidation: the page cache's rule, one layer out.

The page cache (portal.pagecache) makes every cached page stale on any change a reader
could see, because a change to one page shows on many others (home, unit and section
listings, feeds, search, related articles, menus). The edge follows the same rule: each
version bump sends one BAN to every Varnish in ``WAGTAILFRONTENDCACHE`` (Wagtail's
frontend_cache backends, built from ``FRONTEND_CACHE_URLS``), and the shipped VCL
(deploy/varnish/default.vcl) turns a BAN from an app server into "drop every object".
A Varnish that cannot be reached is logged, never an error for the editor; the short
edge TTL bounds how long it can serve an old page.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import purge_url_from_cache

from portal.links import absolute_url

logger = logging.getLogger(__name__)


class BanBackend(HTTPBackend):
    """Wagtail's HTTP backend, sending BAN (the whole site) with a timeout.

    Wagtail's own sends PURGE (one URL) with no timeout, so a hung Varnish would hang
    the editor's publish request.
    """

    timeout = 2

    def purge(self, url):
        parts = urlsplit(url)
        location = urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, "", ""])
        request = Request(location, method="BAN", headers={"Host": parts.netloc})
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 - configured location
                pass
        except (HTTPError, URLError, OSError) as error:
            logger.error("Could not ban the site at %s: %s", self.cache_netloc, error)


def ban_site() -> None:
    """Drop every cached page at every configured Varnish."""
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        purge_url_from_cache(absolute_url("/"))
