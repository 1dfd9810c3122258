"""The reader's address, behind the proxies: one rule for every caller.

Rate limits (django-ratelimit's ``RATELIMIT_IP_META_KEY`` names this function), login
lockout (django-axes' ``AXES_CLIENT_IP_CALLABLE``), the visit counter, the audit log and the
feedback form's limits all ask ``client_address(request)``.

The header a proxy writes (``CLIENT_IP_HEADER``, e.g. ``HTTP_X_REAL_IP``, set by nginx) is
believed only when the connection comes from one of ``TRUSTED_PROXIES`` (addresses or CIDR
networks). From anyone else it is a forgery and the connection's own address
(``REMOTE_ADDR``) counts; an app server listening on 0.0.0.0 can be reached directly. A
missing or malformed header falls back to ``REMOTE_ADDR`` too: never an error.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

UNKNOWN = "0.0.0.0"  # noqa: S104 - a placeholder address, never bound


@lru_cache(maxsize=16)
def _networks(proxies: tuple) -> tuple:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy)


def _parse(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_trusted_proxy(address) -> bool:
    parsed = _parse(address or "")
    proxies = tuple(getattr(settings, "TRUSTED_PROXIES", ()))
    return parsed is not None and any(parsed in network for network in _networks(proxies))


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    header = getattr(settings, "CLIENT_IP_HEADER", "REMOTE_ADDR") or "REMOTE_ADDR"
    if header != "REMOTE_ADDR" and is_trusted_proxy(remote):
        # X-Forwarded-For may be a list: the last entry is what our proxy saw.
        forwarded = request.META.get(header, "").split(",")[-1]
        parsed = _parse(forwarded)
        if parsed is not None:
            return str(parsed)
    parsed = _parse(remote)
    return str(parsed) if parsed is not None else UNKNOWN
