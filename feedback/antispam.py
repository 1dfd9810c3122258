"""Abuse protection without a third-party service: a honeypot, rate limits per client
address (portal.ratelimits), and past the soft limit an arithmetic question signed with
Django's signing, each answerable once."""

import secrets

from django.core import signing
from django.core.cache import cache
from django_ratelimit.core import is_ratelimited

from portal.ratelimits import rate

SALT = "feedback.challenge"
MAX_AGE = 15 * 60
NUMBERS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]


def over_ceiling(request) -> bool:
    """Past the hard ceiling: the request is refused (429) and nothing is stored."""
    return is_ratelimited(
        request,
        group="feedback-ceiling",
        key="ip",
        rate=rate("feedback_ceiling"),
        method="POST",
        increment=True,
    )


def new_challenge():
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"s": a + b, "n": secrets.token_hex(8)}, salt=SALT)
    return {"question": f"{NUMBERS[a]} cộng {NUMBERS[b]} bằng mấy? (nhập số)", "token": token}


def challenge_passed(token, answer) -> bool:
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    answer = (answer or "").strip()
    if not (answer.isascii() and answer.isdigit() and int(answer) == data["s"]):
        return False
    # Each question is answered once: a bot cannot replay one solved token.
    return cache.add(f"feedback-challenge:{data['n']}", 1, MAX_AGE)
