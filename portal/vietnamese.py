"""Vietnamese text helpers: accent folding, ASCII slugs, dates as readers expect them.

"đ"/"Đ" have no Unicode decomposition, so NFKD-based folding (Django's slugify)
drops them ("Đảng" → "ang"); they are mapped first, then combining marks are
stripped (a letter can carry two: "ệ" = e + circumflex + dot below).
"""

import functools
import re
import sys
import unicodedata
from datetime import date, datetime

from django.utils import timezone
from django.utils.text import slugify

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


@functools.cache
def _combining_marks():
    """A translation table deleting every combining character (built once, ~0.1 s)."""
    return dict.fromkeys(
        code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))
    )


# After NFD, Vietnamese (and most Latin) text is ASCII plus marks of U+0300–U+036F, all
# combining but the grapheme joiner U+034F: anything else takes the general path.
_NOT_ASCII_OR_MARK = re.compile(r"[^\x00-\x7f\u0300-\u034e\u0350-\u036f]")


def fold(text: str) -> str:
    """Remove Vietnamese diacritics: 'Đại hội Đảng bộ' → 'Dai hoi Dang bo'."""
    # Same result as NFC(NFD(text with đ→d) without combining characters), by faster
    # paths for the usual cases: search indexing folds every page's whole text.
    text = text.replace("đ", "d").replace("Đ", "D")
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if not _NOT_ASCII_OR_MARK.search(decomposed):
        return decomposed.encode("ascii", "ignore").decode("ascii")
    return unicodedata.normalize("NFC", decomposed.translate(_combining_marks()))


WORD = re.compile(r"[^\W_]+")


def folded_words(text: str) -> list[str]:
    """The words of ``text``, folded: what the search index holds and a query looks for.
    Anything between letters and digits separates words, so '10-NQ/TW' is '10 NQ TW'
    on every backend (PostgreSQL's parser would keep 'nq/tw' as one token)."""
    return WORD.findall(fold(text))


# Every dash-like character: Unicode's dash punctuation (hyphen, en and em dash, figure dash,
# horizontal bar, non-breaking and fullwidth hyphens…) and the minus signs. Django's slugify
# drops all but the ASCII hyphen, so "2020–2025" would become "20202025".
DASHES = (
    "-\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a"
    "\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead"  # Pd
    "\u2212\u207b\u208b\u2796\u02d7\u2043"  # minus signs, hyphen bullet
)
_DASH_CLASS = f"[{re.escape(DASHES)}]"  # the same regex in Python and in the admin's JS
_DASH_TO_SPACE = dict.fromkeys(map(ord, DASHES + "/"), " ")
# Whatever stands between two digits ("2015.2020", "10,5", "2020_2025") separates them.
_BETWEEN_DIGITS = "(?<=[0-9])[^A-Za-z0-9]+(?=[0-9])"


def slugify_vi(text: str) -> str:
    """ASCII slug: 'Đại hội Đảng bộ tỉnh lần thứ XI' → 'dai-hoi-dang-bo-tinh-lan-thu-xi',
    'nhiệm kỳ 2020–2025' → 'nhiem-ky-2020-2025'."""
    # NFKD first, so fullwidth or circled digits and dashes are plain before the rules.
    text = fold(unicodedata.normalize("NFKD", text)).translate(_DASH_TO_SPACE)
    return slugify(re.sub(_BETWEEN_DIGITS, " ", text))


def _letters_folding_to_ascii():
    """Every precomposed Latin letter whose folded form is one ASCII letter, by that letter."""
    groups: dict[str, list[str]] = {}
    for codepoint in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        char = chr(codepoint)
        folded = fold(char)
        if len(folded) == 1 and folded.isascii() and folded.isalpha() and folded != char:
            groups.setdefault(folded, []).append(char)
    return groups


def slug_formatters():
    """(regex, replacement) pairs for Wagtail's SlugInput, so the admin's JavaScript folds
    Vietnamese exactly like ``slugify_vi`` (its own transliteration maps turn 'đ' into 'dj'
    and drop stacked marks)."""
    return (
        [("/", " "), (_DASH_CLASS, " ")]
        + [
            (f"[{''.join(chars)}]", base)
            for base, chars in sorted(_letters_folding_to_ascii().items())
        ]
        + [(_BETWEEN_DIGITS, " ")]
    )


def format_date(value, with_weekday: bool = True) -> str:
    """'Thứ Năm, 26/11/2026' (local time for datetimes)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if not isinstance(value, date):
        return ""
    text = value.strftime("%d/%m/%Y")
    return f"{WEEKDAYS[value.weekday()]}, {text}" if with_weekday else text


def format_datetime(value, with_weekday: bool = True) -> str:
    """'Thứ Năm, 26/11/2026 15:30' in local time; a plain date reads as format_date."""
    if not isinstance(value, datetime):
        return format_date(value, with_weekday)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date(value, with_weekday)} {value:%H:%M}"
