"""Rate limits for public endpoints: the rates live in settings, the answer is one 429 page.

Views use django-ratelimit's decorator with a named rate, so every limit is configured in one
place (``PORTAL_RATE_LIMITS``, read from the environment) and can be changed in tests with
``override_settings``::

    from django_ratelimit.decorators import ratelimit
    from portal.ratelimits import rate

    @ratelimit(key="ip", rate=rate("search"), block=True)
    def search(request): ...

A blocked request raises ``Ratelimited``; ``RatelimitMiddleware`` hands it to ``ratelimited``
below (``RATELIMIT_VIEW``), which answers 429 with a Vietnamese message. Views that want to do
something else when limited (a challenge instead of a refusal) pass ``block=False`` and read
``request.limited``.
"""

from django.conf import settings
from django.shortcuts import render


def rate(name):
    """The configured rate called ``name`` ("5/m", "100/h"…), looked up at request time."""

    def configured_rate(group, request):
        return settings.PORTAL_RATE_LIMITS.get(name) or None  # empty: no limit

    return configured_rate


def ratelimited(request, exception):
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
