"""What a speech engine reads: an article's text with numbers, dates, document symbols and
abbreviations written out as a Vietnamese reader would say them.

Engines differ in how they read "35-NQ/TW", "26/11/2026" or "UBND" (espeak-ng spells the
letters out), so the text is normalised here, once, whatever engine is configured:

    "Nghị quyết số 35-NQ/TW ngày 22/10/2018"
    → "Nghị quyết số ba mươi lăm, nghị quyết Trung ương ngày hai mươi hai tháng mười năm
       hai nghìn không trăm mười tám"
"""

import re
import unicodedata

from bs4 import BeautifulSoup

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu", "tỷ"]
MONTHS = {4: "tư"}
MAX_DIGITS = 15

# Document types (Hướng dẫn 36-HD/VPTW); the portal's own DocumentType rows, where given,
# take precedence (see ``Reader``).
DOCUMENT_TYPES = {
    "NQ": "nghị quyết",
    "CT": "chỉ thị",
    "KL": "kết luận",
    "QĐ": "quyết định",
    "QĐI": "quy định",
    "QC": "quy chế",
    "HD": "hướng dẫn",
    "KH": "kế hoạch",
    "CTR": "chương trình",
    "TB": "thông báo",
    "BC": "báo cáo",
    "TTR": "tờ trình",
    "TT": "thông tri",
    "CV": "công văn",
    "ĐA": "đề án",
}
# Issuers after the slash. A code names a kind of body ("TU" is any provincial committee):
# that is what a listener needs, and it keeps old and new committees apart by context.
ISSUERS = {
    "TW": "Trung ương",
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
    "THU": "Thành ủy",
    "ĐU": "Đảng ủy",
    "ĐUK": "Đảng ủy Khối",
    "VPTW": "Văn phòng Trung ương",
    "VPTU": "Văn phòng Tỉnh ủy",
    "BTCTU": "Ban Tổ chức Tỉnh ủy",
    "BTGTU": "Ban Tuyên giáo Tỉnh ủy",
    "BDVTU": "Ban Dân vận Tỉnh ủy",
    "BTGDVTU": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "BNCTU": "Ban Nội chính Tỉnh ủy",
    "UBKTTU": "Ủy ban Kiểm tra Tỉnh ủy",
    "BCĐ": "Ban Chỉ đạo",
    "BCSĐ": "Ban cán sự đảng",
}
# Abbreviations of running text (written in capitals, read in full).
ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "BCH": "Ban Chấp hành",
    "BTV": "Ban Thường vụ",
    "UBKT": "Ủy ban Kiểm tra",
    "TW": "Trung ương",
    "ĐCSVN": "Đảng Cộng sản Việt Nam",
    "CHXHCN": "Cộng hòa xã hội chủ nghĩa",
    "XHCN": "xã hội chủ nghĩa",
    "CNXH": "chủ nghĩa xã hội",
    "KT-XH": "kinh tế - xã hội",
    "QP-AN": "quốc phòng - an ninh",
    "ĐBQH": "đại biểu Quốc hội",
    "CAND": "Công an nhân dân",
    "QĐND": "Quân đội nhân dân",
    "THPT": "trung học phổ thông",
    "THCS": "trung học cơ sở",
    "NTM": "nông thôn mới",
    "TP.HCM": "Thành phố Hồ Chí Minh",
    "TPHCM": "Thành phố Hồ Chí Minh",
    "TP": "thành phố",
}

_ROMAN = re.compile(r"\b(X{0,3})(IX|IV|V?I{0,3})\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_LETTERS = r"A-ZĐa-zđ"
_SYMBOL = re.compile(
    rf"\b(\d{{1,4}})\s*[-–/]\s*([{_LETTERS}]{{1,4}})\s*/\s*([{_LETTERS}]{{1,10}}(?:-[{_LETTERS}]{{1,10}})*)\b"
)
_DATE = re.compile(r"(?<![\d/])(ngày\s+)?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])", re.IGNORECASE)
_TIME = re.compile(r"\b(\d{1,2})(?::|h)(\d{2})?(?![\w:])")
_RANGE = re.compile(r"\b(\d{4})\s*[-–—‒−]\s*(\d{4})\b")
_PERCENT = re.compile(r"(\d+(?:,\d+)?)\s*%")
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_PUNCTUATION_SPACE = re.compile(r"\s+([.,;:!?…)])")
_URL = re.compile(r"https?://\S+|www\.\S+")


def _below_thousand(n: int, full: bool) -> list[str]:
    """0–999; ``full`` says "không trăm (lẻ)" as inside a larger number (2005 → hai nghìn
    không trăm lẻ năm)."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if ones:
            if words:
                words.append("lẻ")
            words.append(DIGITS[ones])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if ones == 1:
        words.append("mốt" if tens > 1 else "một")
    elif ones == 4:
        words.append("tư" if tens > 1 else "bốn")
    elif ones == 5:
        words.append("lăm")
    elif ones:
        words.append(DIGITS[ones])
    return words


def _groups(n: int, leading: bool) -> list[str]:
    """Below a tỷ, group by group of three; zero groups are not read."""
    words = []
    for position in (2, 1, 0):
        group = (n // 1000**position) % 1000
        if not group:
            continue
        words += _below_thousand(group, full=not leading)
        leading = False
        if SCALES[position]:
            words.append(SCALES[position])
    return words


def number_words(n: int) -> str:
    """A whole number read in Vietnamese: 21 → "hai mươi mốt", 2026 → "hai nghìn không trăm
    hai mươi sáu", 1000005 → "một triệu không trăm lẻ năm"."""
    if n < 0:
        return "âm " + number_words(-n)
    if n == 0:
        return DIGITS[0]
    if n >= 1000**3:
        head, rest = divmod(n, 1000**3)
        return " ".join([number_words(head), "tỷ", *_groups(rest, leading=False)])
    return " ".join(_groups(n, leading=True))


def digit_words(digits: str) -> str:
    """Digits read one by one (a decimal part, a number with leading zeros)."""
    return " ".join(DIGITS[int(d)] for d in digits)


def _decimal(text: str) -> str:
    whole, _, fraction = text.replace(".", "").partition(",")
    if len(whole) > MAX_DIGITS or (len(whole) > 1 and whole.startswith("0")):
        words = digit_words(whole)  # a code or an account number, not a quantity
    else:
        words = number_words(int(whole))
    if fraction:
        words += " phẩy " + (
            number_words(int(fraction))
            if len(fraction) <= 3 and not fraction.startswith("0")
            else digit_words(fraction)
        )
    return words


def _roman(match) -> str:
    token = match.group(0)
    if not token:
        return token
    total = 0
    for here, after in zip(token, token[1:] + " ", strict=True):
        value = _ROMAN_VALUES[here]
        total += -value if _ROMAN_VALUES.get(after, 0) > value else value
    return number_words(total)


def _month(n: int) -> str:
    return MONTHS.get(n, number_words(n))


class Reader:
    """Normalises text for a speech engine; ``document_types`` maps codes to names (the
    portal's DocumentType rows), added to the built-in list."""

    def __init__(self, document_types=None):
        self.document_types = {**DOCUMENT_TYPES}
        for code, name in (document_types or {}).items():
            self.document_types[code.upper()] = name.lower()

    def _symbol(self, match) -> str:
        number, kind, issuers = match.groups()
        kind_words = self.document_types.get(kind.upper(), " ".join(kind.upper()))
        issuer_words = " và ".join(
            ISSUERS.get(code.upper(), " ".join(code.upper())) for code in issuers.split("-")
        )
        return f"{number_words(int(number))}, {kind_words} {issuer_words}"

    @staticmethod
    def _date(match) -> str:
        said_day, day, month, year = match.groups()
        day, month = int(day), int(month)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return match.group(0)
        words = f"{said_day or 'ngày '}{number_words(day)} tháng {_month(month)}"
        if year:
            words += f" năm {number_words(int(year))}"
        return words

    @staticmethod
    def _time(match) -> str:
        hours, minutes = match.groups()
        if int(hours) > 24 or (minutes and int(minutes) > 59):
            return match.group(0)
        words = f"{number_words(int(hours))} giờ"
        if minutes and int(minutes):
            words += f" {number_words(int(minutes))} phút"
        return words

    def read(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text or "")
        text = _URL.sub(" ", text)
        text = _SYMBOL.sub(self._symbol, text)
        text = _DATE.sub(self._date, text)
        text = _RANGE.sub(
            lambda m: f"{number_words(int(m[1]))} đến {number_words(int(m[2]))}", text
        )
        text = _TIME.sub(self._time, text)
        text = _PERCENT.sub(lambda m: f"{_decimal(m[1])} phần trăm", text)
        text = re.sub(
            r"(?<![\w-])("
            + "|".join(map(re.escape, sorted(ABBREVIATIONS, key=len, reverse=True)))
            + r")(?![\w-])",
            lambda m: ABBREVIATIONS[m[1]],
            text,
        )
        text = _ROMAN.sub(_roman, text)
        text = _NUMBER.sub(lambda m: _decimal(m[0]), text)
        text = text.replace("&", " và ").replace("%", " phần trăm")
        return " ".join(text.split())

    def read_lines(self, text: str) -> str:
        """``read`` line by line: each paragraph stays its own line (a pause)."""
        return "\n".join(filter(None, (self.read(line) for line in (text or "").splitlines())))


def html_text(html: str) -> str:
    """The words of a rich-text fragment, each block its own sentence."""
    soup = BeautifulSoup(html or "", "html.parser")
    parts = [
        element.get_text(" ", strip=True)
        for element in soup.find_all(["p", "h2", "h3", "h4", "li"])
    ]
    if not parts:
        parts = [soup.get_text(" ", strip=True)]
    return "\n".join(_PUNCTUATION_SPACE.sub(r"\1", part) for part in parts if part)


def _sentence(text: str) -> str:
    text = " ".join((text or "").split())
    if text and text[-1] not in ".!?:;…":
        text += "."
    return text


def article_text(page) -> str:
    """Title, lead and the body's paragraphs, headings and quotes, without markup."""
    parts = [_sentence(page.title), _sentence(page.lead)]
    for block in page.body:
        if block.block_type == "paragraph":
            parts += [_sentence(line) for line in html_text(block.value.source).splitlines()]
        elif block.block_type == "quote":
            parts.append(_sentence(block.value["text"]))
            if block.value.get("attribution"):
                parts.append(_sentence(block.value["attribution"]))
    return "\n".join(part for part in parts if part)
