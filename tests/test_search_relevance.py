"""Relevance over the demo corpus: for each query, the expected page is in the top 3.

The corpus (seed_demo --articles 300 --documents 100, attachment text extracted) is
built once for the module inside a transaction that is rolled back at the end, so
the other tests never see it. Runs on SQLite and PostgreSQL alike.
"""

import json

import pytest
from django.core.management import call_command
from django.db import transaction

# (query, expected title prefix or number-and-symbol) — with and without diacritics,
# any case, document numbers written every way, unit names, PDF-only phrases.
RELEVANCE_SET = [
    ("nghi quyet 35 ve bao ve nen tang tu tuong", "35-NQ/TW"),
    ("Nghị quyết 35 về bảo vệ nền tảng tư tưởng", "35-NQ/TW"),
    ("35-NQ/TW", "35-NQ/TW"),
    ("35 NQ TW", "35-NQ/TW"),
    ("NQ 35", "35-NQ/TW"),
    ("nghị quyết 35", "35-NQ/TW"),
    ("nghi quyet so 35", "35-NQ/TW"),
    ("NGHI QUYET 35-NQ/TW", "35-NQ/TW"),
    ("05-CT/TW", "05-CT/TW"),
    ("chi thi 05", "05-CT/TW"),
    ("CT 05 TW", "05-CT/TW"),
    ("hoc tap va lam theo tu tuong dao duc phong cach Ho Chi Minh", "05-CT/TW"),
    ("18-NQ/TW", "18-NQ/TW"),
    ("sap xep to chuc bo may", "18-NQ/TW"),
    ("tinh gon bo may he thong chinh tri", "18-NQ/TW"),
    ("138-KH/TU", "138-KH/TU"),
    ("ke hoach 138", "138-KH/TU"),
    ("ke hoach ung dung cong nghe thong tin cac co quan Dang", "138-KH/TU"),
    ("Ứng dụng công nghệ thông tin, Cổng thông tin điện tử Đảng bộ tỉnh", "138-KH/TU"),
    ("03-HD/TU", "03-HD/TU"),
    ("03-HD/TU chuan bi nhan su cap uy", "03-HD/TU"),
    ("ket luan 01 nong thon moi", "01-KL/TU"),
    ("02-NQ/TU", "02-NQ/TU"),
    ("nghi quyet 02-NQ/TU to chuc co so dang trong sach vung manh", "02-NQ/TU"),
    # Phrases found only in the attached PDFs' text.
    ("lay xay la chinh, chong phai co ly le thuyet phuc", "35-NQ/TW"),
    ("kịp thời cung cấp thông tin chính thống, định hướng dư luận xã hội", "35-NQ/TW"),
    ("giam cap trung gian, tinh gian bien che", "18-NQ/TW"),
    # Units, with and without diacritics and in any case.
    ("Huyện ủy Gò Dầu", "Huyện ủy Gò Dầu"),
    ("huyen uy go dau", "Huyện ủy Gò Dầu"),
    ("BAN TO CHUC TINH UY", "Ban Tổ chức Tỉnh ủy"),
    ("thi uy trang bang", "Thị ủy Trảng Bàng"),
    ("dang uy cong an tinh", "Đảng ủy Công an tỉnh"),
    # News.
    ("huyen uy ben cau trao tang nha dai doan ket", "Huyện ủy Bến Cầu trao tặng nhà đại đoàn kết"),
    ("Trường Chính trị tỉnh góp ý dự thảo văn kiện", "Trường Chính trị tỉnh Tây Ninh góp ý"),
    ("luc luong nong cot dau tranh phan bac quan diem sai trai", "Lực lượng nòng cốt"),
    ("tan bien so ket chi thi 05", "Huyện ủy Tân Biên sơ kết"),
]


@pytest.fixture(scope="module")
def demo_corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", articles=300, documents=100, verbosity=0, stdout=None)
        call_command("extract_attachment_text", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


def top_results(client, query, count=3):
    response = client.get("/search/", {"q": query, "format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)["results"][:count]


def matches(result, expected):
    return result["number_symbol"] == expected or result["title"].startswith(expected)


def recall(client):
    """Share of the relevance set whose expected page is in the top 3 (and top 1)."""
    top1 = top3 = 0
    for query, expected in RELEVANCE_SET:
        results = top_results(client, query)
        top3 += any(matches(r, expected) for r in results)
        top1 += bool(results) and matches(results[0], expected)
    return top1 / len(RELEVANCE_SET), top3 / len(RELEVANCE_SET)


def test_relevance_set_is_large_enough():
    assert len(RELEVANCE_SET) >= 30


def is_number_query(query, expected):
    return "/" in expected and query.count(" ") < 4


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), RELEVANCE_SET)
def test_expected_page_in_top_three(demo_corpus, client, query, expected):
    results = top_results(client, query)
    assert any(matches(r, expected) for r in results), (query, [r["title"] for r in results])
    if is_number_query(query, expected):
        # A document number puts that document first.
        assert results[0]["number_symbol"] == expected
