"""Which addresses a menu or footer link may point to: the one rule the blocks' validation and
the rendering both apply (stored data that skipped validation is filtered again on output)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

_web_address = URLValidator(schemes=["http", "https"])


def safe_href(value) -> str | None:
    """The address cleaned of surrounding spaces, or None when a reader must not get it.

    A path on this site ("/gop-y/", "/search/?q=…") or an http(s) address. Anything else is
    refused: "javascript:", "data:", "vbscript:" and every other scheme, "//host" (another
    site under a path's guise), backslashes and control characters (browsers read "/\\host"
    and "java\\tscript:" in surprising ways).
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 2000:
        return None
    if any(ord(char) < 32 or ord(char) == 127 for char in value) or "\\" in value:
        return None
    if value.startswith("/"):
        return None if value.startswith("//") else value
    try:
        _web_address(value)
    except ValidationError:
        return None
    return value
