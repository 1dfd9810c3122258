"""Vietnamese folding, ASCII slugs (in code and in the admin form) and reader dates."""

import datetime
import re
import sys
import unicodedata

import pytest
from django.utils import timezone
from django.utils.text import slugify
from hypothesis import given
from hypothesis import strategies as st

from portal.vietnamese import fold, format_date, format_datetime, slug_formatters, slugify_vi

from .factories import ArticlePageFactory, UnitPageFactory

SLUG_CASES = [
    ("Đại hội Đảng bộ tỉnh lần thứ XI", "dai-hoi-dang-bo-tinh-lan-thu-xi"),
    ("ĐẢNG BỘ TỈNH TÂY NINH", "dang-bo-tinh-tay-ninh"),
    ("Nghiệp vụ kiểm tra, giám sát", "nghiep-vu-kiem-tra-giam-sat"),
    ("Quyết định số 05-QĐ/TU", "quyet-dinh-so-05-qd-tu"),
    ("Ủy ban Kiểm tra Tỉnh ủy", "uy-ban-kiem-tra-tinh-uy"),
    ("đường Trần Hưng Đạo", "duong-tran-hung-dao"),
    ("Thị ủy Hòa Thành – Trảng Bàng", "thi-uy-hoa-thanh-trang-bang"),
    ("Tiếng Việt: ẵ ặ ễ ỗ ữ ỹ ậ", "tieng-viet-a-a-e-o-u-y-a"),
    ("Đại hội Đảng bộ tỉnh nhiệm kỳ 2020–2025", "dai-hoi-dang-bo-tinh-nhiem-ky-2020-2025"),
    ("Giai đoạn 2015—2020", "giai-doan-2015-2020"),
    ("Nhiệt độ −5 đến 10−15 độ", "nhiet-do-5-den-10-15-do"),
    ("Số 0912‒345‒678", "so-0912-345-678"),
    ("Kế hoạch 2021‑2025 ― tổng kết", "ke-hoach-2021-2025-tong-ket"),
    ("Nhiệm kỳ 2025－2030", "nhiem-ky-2025-2030"),
    ("Năm 2015.2020, tỷ lệ 10,5%", "nam-2015-2020-ty-le-10-5"),
    ("Ngày 10/10/2025", "ngay-10-10-2025"),
    ("Giai đoạn 2020 - 2025", "giai-doan-2020-2025"),
]

# Every character Unicode calls a dash, the minus signs, and what else writers put between
# two numbers.
DASH_LIKE = [
    chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Pd"
] + list("\u2212\u207b\u208b\u2796\u02d7\u2043")
SEPARATORS = DASH_LIKE + list("/.,:;_~·•×+()[]'\"“”…\u00a0\u2009\u202f ")
VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọ" + (
    "ồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
WORDS = st.text(st.sampled_from(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()), min_size=1)
NUMBERS = st.integers(min_value=0, max_value=10**6).map(str)


@pytest.mark.parametrize(("title", "slug"), SLUG_CASES)
def test_slugify_vi(title, slug):
    assert slugify_vi(title) == slug


def test_every_dash_like_character_is_a_slug_hyphen():
    for dash in DASH_LIKE:
        assert slugify_vi(f"nhiệm kỳ 2020{dash}2025") == "nhiem-ky-2020-2025", hex(ord(dash))
        assert slugify_vi(f"Hòa Thành{dash}Trảng Bàng") == "hoa-thanh-trang-bang", hex(ord(dash))


PUNCTUATION = st.text(st.sampled_from("/.,:;~·•×+()[]'\"“”…"), max_size=2)
WORD_SEPARATORS = st.tuples(
    PUNCTUATION, st.sampled_from(DASH_LIKE + list(" \u00a0\u2009\u202f")), PUNCTUATION
).map("".join)


@given(
    st.lists(st.one_of(WORDS, NUMBERS), min_size=1, max_size=8),
    st.lists(WORD_SEPARATORS, min_size=8, max_size=8),
)
def test_slug_keeps_each_word_and_number_apart(parts, separators):
    """Round trip: words and numbers joined by dashes or spaces (with any punctuation) come
    back, in order, one hyphen between each."""
    title = "".join(part + separator for part, separator in zip(parts, separators, strict=False))
    slug = slugify_vi(title)
    assert slug.split("-") == [fold(part).lower() for part in parts]


@given(
    st.lists(NUMBERS, min_size=2, max_size=6),
    st.lists(st.text(st.sampled_from(SEPARATORS), min_size=1, max_size=3), min_size=6),
)
def test_numbers_never_run_together(numbers, separators):
    """Whatever stands between two numbers ("2015.2020", "10,5", "2020_2025") is a hyphen."""
    title = "".join(
        number + separator for number, separator in zip(numbers, separators, strict=False)
    )
    assert slugify_vi(title) == "-".join(numbers)


@given(st.text())
def test_slug_of_any_text_is_ascii_and_stable(text):
    slug = slugify_vi(text)
    assert re.fullmatch(r"(?:[a-z0-9][a-z0-9_-]*)?", slug)
    assert not slug.endswith(("-", "_"))
    assert slugify_vi(slug) == slug


def test_fold_keeps_case_and_handles_decomposed_input():
    assert fold("Đảng bộ") == "Dang bo"
    assert fold("DAI HOI") == "DAI HOI"
    decomposed = "Nghi\u0323\u0302 quye\u0302\u0301t"  # "Nghị quyết" typed with combining marks
    assert fold(decomposed) == "Nghi quyet"


def _reference_fold(text):
    """The definition fold() implements by faster paths: đ→d, NFD, no combining marks, NFC."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def test_fold_matches_its_definition_for_every_character():
    characters = (chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    assert [c for c in characters if fold(c) != _reference_fold(c)] == []


@given(
    st.text(
        st.one_of(
            st.sampled_from("aăâeêioôơuưyđĐ ̣̀́̃̉͏"),
            st.characters(max_codepoint=0x024F),
            st.characters(min_codepoint=0x1E00, max_codepoint=0x1EFF),
            st.characters(),
        )
    )
)
def test_fold_matches_its_definition_for_any_text(text):
    assert fold(text) == _reference_fold(text)


def _apply_formatters(text):
    """The admin's JavaScript applies these regexes before its own urlify; mimic that here."""
    for pattern, replacement in slug_formatters():
        text = re.sub(pattern, replacement, text)
    return text


@pytest.mark.parametrize(("title", "slug"), SLUG_CASES)
def test_admin_slug_formatters_leave_only_ascii(title, slug):
    folded = _apply_formatters(title)
    assert all(char.isascii() for char in folded if char.isalpha() or char.isdigit())
    assert slugify_vi(folded) == slug
    # What the admin's urlify then does: drop what is not ASCII, spaces and dashes to "-".
    assert slugify(folded.encode("ascii", "ignore").decode()) == slug


@pytest.mark.django_db
def test_page_created_in_code_without_slug_gets_a_vietnamese_ascii_slug(home):
    unit = UnitPageFactory.build(title="Đảng ủy Khối cơ quan và doanh nghiệp tỉnh", slug="")
    unit.kind = UnitPageFactory.kind.get_factory()(name="Đảng ủy trực thuộc")
    home.add_child(instance=unit)
    assert unit.slug == "dang-uy-khoi-co-quan-va-doanh-nghiep-tinh"
    article = ArticlePageFactory.build(title="ĐẠI HỘI ĐẢNG BỘ HUYỆN GÒ DẦU", slug="")
    unit.add_child(instance=article)
    assert article.slug == "dai-hoi-dang-bo-huyen-go-dau"
    second = ArticlePageFactory.build(title="ĐẠI HỘI ĐẢNG BỘ HUYỆN GÒ DẦU", slug="")
    unit.add_child(instance=second)
    assert second.slug == "dai-hoi-dang-bo-huyen-go-dau-2"


def test_dates_read_as_vietnamese_readers_expect():
    assert format_date(datetime.date(2026, 11, 26)) == "Thứ Năm, 26/11/2026"
    assert format_date(datetime.date(2026, 11, 29)) == "Chủ Nhật, 29/11/2026"
    # 20:30 UTC on the 25th is already the 26th in Asia/Ho_Chi_Minh.
    late = datetime.datetime(2026, 11, 25, 20, 30, tzinfo=datetime.UTC)
    assert format_date(late) == "Thứ Năm, 26/11/2026"
    assert format_date(None) == ""
    # Publication times (article pages, cards): local time too.
    assert format_datetime(late) == "Thứ Năm, 26/11/2026 03:30"
    assert format_datetime(late, with_weekday=False) == "26/11/2026 03:30"
    assert format_datetime(datetime.date(2026, 11, 26)) == "Thứ Năm, 26/11/2026"
    assert format_datetime(None) == ""
    assert timezone.get_current_timezone_name() == "Asia/Ho_Chi_Minh"
