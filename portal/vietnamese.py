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


def slugify_vi(text: str) -> str:
    """ASCII slug: 'Đại hội Đảng bộ tỉnh lần thứ XI' → 'dai-hoi-dang-bo-tinh-lan-thu-xi'."""
    return slugify(fold(text).replace("/", " "))


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
    return [("/", " ")] + [
        (f"[{''.join(chars)}]", base) for base, chars in sorted(_letters_folding_to_ascii().items())
    ]


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
