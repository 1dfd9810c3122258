"""Number-and-symbol of Party documents (Hướng dẫn 36-HD/VPTW): ``35-NQ/TW``, ``05-QC/BTCTU-BDVTU``.

``format_number_symbol`` builds the canonical string from its parts; ``parse_number_symbol``
reads one strictly and says what is wrong. Only ASCII digits, Latin letters and Đ/đ are
accepted, so look-alikes (Cyrillic "Т", full-width "ＮＱ", en dashes) are refused rather than
stored as a different document.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_NUMBER = 99999
MAX_LENGTH = 120
_CODE = r"[A-ZĐ][A-Za-zĐđ]{0,15}"
_SYMBOL_RE = re.compile(rf"\A([0-9]{{1,5}})-({_CODE})/({_CODE}(?:-{_CODE})*)\Z")


@dataclass(frozen=True)
class NumberSymbol:
    number: int
    type_code: str
    issuer_codes: tuple[str, ...]

    def __str__(self):
        return format_number_symbol(self.number, self.type_code, self.issuer_codes)


def format_number_symbol(number: int, type_code: str, issuer_codes) -> str:
    """35, "NQ", ["TW"] → "35-NQ/TW"; numbers below 10 take a leading zero."""
    issuer_codes = list(issuer_codes)
    if not issuer_codes:
        raise ValidationError(_("Văn bản phải có ít nhất một cơ quan ban hành."))
    if not 1 <= number <= MAX_NUMBER:
        raise ValidationError(_("Số văn bản phải từ 1 đến %(max)s.") % {"max": MAX_NUMBER})
    return f"{number:02d}-{type_code}/{'-'.join(issuer_codes)}"


def parse_number_symbol(text: str) -> NumberSymbol:
    """Read "35-NQ/TW" (or "5-CT/TW") into its parts, or raise ValidationError saying why."""
    if text is None or not text.strip():
        raise ValidationError(_("Số, ký hiệu văn bản đang trống."))
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("Số, ký hiệu văn bản quá dài (tối đa %(max)s ký tự).") % {"max": MAX_LENGTH}
        )
    text = unicodedata.normalize("NFC", text.strip())
    match = _SYMBOL_RE.match(text)
    if not match:
        raise ValidationError(
            _(
                "“%(text)s” không đúng dạng số, ký hiệu văn bản: số-loại/cơ quan, "
                "ví dụ 35-NQ/TW hoặc 05-QC/BTCTU-BDVTU (chữ Latin, gạch nối “-”, gạch chéo “/”)."
            )
            % {"text": text[:40]}
        )
    number = int(match.group(1))
    if number < 1:
        raise ValidationError(_("Số văn bản phải từ 1 trở lên."))
    return NumberSymbol(number, match.group(2), tuple(match.group(3).split("-")))
