"""The demo's calendar: which committee existed when, its congresses, the Provincial
Executive Committee's conferences and the anniversaries, so that the demo tells a story that
is true on the day it is shown (December 2026).

- Until 30/6/2025: the 2020 structure (district, town and city committees); from 1/7/2025 the
  merged Tây Ninh province with two-level local government (commune and ward committees).
  Who existed when is read from the units' ``valid_from`` / ``valid_until``
  (``units/orgcharts/tay-ninh-2025.yaml``), never assumed here.
- Congress titles name the Party organisation (Đảng bộ), not its committee (…ủy).
- Anniversary titles are computed from their year; conference numbers from their date.

Everything is deterministic: a given input always gives the same answer.
"""

import datetime
import random
from dataclasses import dataclass

STORY_START = datetime.date(2018, 1, 1)  # the oldest demo news
STORY_END = datetime.date(2026, 11, 30)  # the newest: the demo is shown from December 2026
REORGANISATION = datetime.date(2025, 7, 1)  # no district level from this day

ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(number: int) -> str:
    text = ""
    for value, letters in ROMAN:
        while number >= value:
            text += letters
            number -= value
    return text


def from_roman(text: str) -> int:
    values = {letters: value for value, letters in ROMAN if len(letters) == 1}
    total = 0
    for position, letter in enumerate(text):
        value = values[letter]
        following = values[text[position + 1]] if position + 1 < len(text) else 0
        total += -value if value < following else value
    return total


# --- units -------------------------------------------------------------------------------

# What kind of body a unit kind is, for the demo's news (kinds are data: a kind missing here
# publishes only the news common to all).
KIND_ROLES = {
    "Tỉnh ủy": "province",
    "Cơ quan tham mưu, giúp việc": "department",
    "Thành ủy": "district",
    "Thị ủy": "district",
    "Huyện ủy": "district",
    "Đảng ủy trực thuộc": "direct",
    "Đảng ủy xã, phường, thị trấn": "commune",
    "Đảng ủy xã, phường": "commune",
}
# Roles that group others: a committee leads a Đảng bộ of its own (it holds congresses);
# a local one leads a territory (a district, commune or ward).
ROLE_GROUPS = {"committee": {"district", "commune", "direct"}, "local": {"district", "commune"}}


@dataclass(frozen=True)
class Unit:
    key: str
    name: str
    kind: str
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None

    @property
    def role(self) -> str:
        return KIND_ROLES.get(self.kind, "")

    def is_a(self, role: str) -> bool:
        return self.role in ROLE_GROUPS.get(role, {role})

    @property
    def place(self) -> str:
        """The territory a local committee leads: "huyện Gò Dầu", "phường Tân Ninh"."""
        return self.party_organisation.removeprefix("Đảng bộ ")

    def active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    @property
    def party_organisation(self) -> str:
        """The Party organisation the committee leads: "Đảng bộ huyện Gò Dầu"."""
        return party_organisation(self.name)


# A committee (…ủy) leads an organisation (Đảng bộ …): congresses belong to the latter.
PARTY_ORGANISATIONS = [
    ("Tỉnh ủy ", "Đảng bộ tỉnh "),
    ("Thành ủy ", "Đảng bộ thành phố "),
    ("Thị ủy ", "Đảng bộ thị xã "),
    ("Huyện ủy ", "Đảng bộ huyện "),
    ("Đảng ủy ", "Đảng bộ "),
]


def party_organisation(committee: str) -> str:
    for prefix, organisation in PARTY_ORGANISATIONS:
        if committee.startswith(prefix):
            return organisation + committee[len(prefix) :]
    return committee


# --- congresses ----------------------------------------------------------------------------

# The 2020–2025 congresses of the committees the 2020 chart names: their number (demo data,
# not confirmed, except Thành phố Tây Ninh's XI) and their window (district level July–August
# 2020). Committees created on 1/7/2025 held their first congress ("lần thứ I, nhiệm kỳ
# 2025–2030") in July–August 2025; committees that continued held their next one then.
CONGRESS_2020 = {
    "thanh-uy-tay-ninh": 11,
    "thi-uy-hoa-thanh": 12,
    "thi-uy-trang-bang": 12,
    "huyen-uy-tan-bien": 11,
    "huyen-uy-tan-chau": 11,
    "huyen-uy-duong-minh-chau": 11,
    "huyen-uy-chau-thanh": 11,
    "huyen-uy-go-dau": 12,
    "huyen-uy-ben-cau": 11,
    "dang-uy-khoi": 6,
    "dang-uy-quan-su": 12,
    "dang-uy-cong-an": 8,
}
CONGRESS_WINDOWS = {
    "2020–2025": (datetime.date(2020, 6, 20), datetime.date(2020, 8, 25)),
    "2025–2030": (datetime.date(2025, 7, 20), datetime.date(2025, 8, 31)),
}


@dataclass(frozen=True)
class Congress:
    unit: Unit
    number: int
    term: str
    closing: datetime.date

    @property
    def title(self) -> str:
        """ "Đại hội đại biểu Đảng bộ thành phố Tây Ninh lần thứ XI, nhiệm kỳ 2020–2025"."""
        return (
            f"Đại hội đại biểu {self.unit.party_organisation} lần thứ {roman(self.number)}, "
            f"nhiệm kỳ {self.term}"
        )


def congresses(unit: Unit) -> list[Congress]:
    """The congresses of a committee (other than the province's) that fall in the story."""
    if not unit.is_a("committee"):
        return []
    found = []
    previous = CONGRESS_2020.get(unit.key)
    if previous:
        found.append(("2020–2025", previous))
    if unit.valid_from and unit.valid_from >= REORGANISATION:
        found.append(("2025–2030", 1))
    elif previous:
        found.append(("2025–2030", previous + 1))
    result = []
    for term, number in found:
        start, end = CONGRESS_WINDOWS[term]
        rng = random.Random(f"congress-{unit.key}-{term}")
        closing = start + datetime.timedelta(days=rng.randrange((end - start).days + 1))
        if unit.active_on(closing):
            result.append(Congress(unit, number, term, closing))
    return result


# The provincial congresses (DOMAIN.md): the 2015–2020 and 2020–2025 congresses of the former
# Tây Ninh, then the merged province's first (numbering restarted), closed 10/10/2025.
PROVINCIAL_TERMS = [
    # (khóa, term, the congress's closing day, the last day of the term)
    ("X", "2015–2020", datetime.date(2015, 10, 15), datetime.date(2020, 10, 13)),
    ("XI", "2020–2025", datetime.date(2020, 10, 16), datetime.date(2025, 6, 30)),
    ("I", "2025–2030", datetime.date(2025, 10, 10), datetime.date(2030, 10, 1)),
]


def provincial_congress(khoa: str) -> str:
    term = next(term for name, term, _c, _e in PROVINCIAL_TERMS if name == khoa)
    return f"Đại hội đại biểu Đảng bộ tỉnh lần thứ {khoa}, nhiệm kỳ {term}"


@dataclass(frozen=True)
class Conference:
    """A conference (hội nghị) of the Provincial Executive Committee, numbered in its term."""

    khoa: str
    number: int
    day: datetime.date

    @property
    def title(self) -> str:
        return f"Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ {self.number} (khóa {self.khoa})"


def conferences(until: datetime.date = STORY_END) -> list[Conference]:
    """Every conference up to ``until``: the first on the congress's closing day (it elects
    the Standing Committee), then one every two to four months, numbered in date order."""
    result = []
    for khoa, _term, congress, end in PROVINCIAL_TERMS:
        rng = random.Random(f"conferences-{khoa}")
        day, number = congress, 1
        while day <= min(end, until):
            result.append(Conference(khoa, number, day))
            day += datetime.timedelta(days=rng.randrange(60, 120))
            number += 1
    return result


# --- anniversaries -------------------------------------------------------------------------

# key: (what is remembered, its day and month, the year it happened)
ANNIVERSARIES = {
    "party": ("Ngày thành lập Đảng Cộng sản Việt Nam", 3, 2, 1930),
    "ho-chi-minh": ("Ngày sinh Chủ tịch Hồ Chí Minh", 19, 5, 1890),
    "august-revolution": ("Cách mạng Tháng Tám thành công", 19, 8, 1945),
    "liberation": ("Ngày giải phóng miền Nam, thống nhất đất nước", 30, 4, 1975),
}
ANNIVERSARY_SUFFIX = {"august-revolution": " và Quốc khánh 2/9"}


def anniversary(key: str, year: int) -> str:
    """ "96 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2026)"."""
    event, day, month, since = ANNIVERSARIES[key]
    return (
        f"{year - since} năm {event} ({day}/{month}/{since} – {day}/{month}/{year})"
        f"{ANNIVERSARY_SUFFIX.get(key, '')}"
    )


def anniversary_day(key: str, year: int) -> datetime.date:
    _event, day, month, _since = ANNIVERSARIES[key]
    return datetime.date(year, month, day)
