"""The NukeViet import against a real MariaDB holding a synthetic NukeViet 4.x site.

MariaDB: NUKEVIET_TEST_DATABASE_URL (default mysql://root@127.0.0.1:3306/); each test session
makes its own database (nukeviet_test_<pid>) and drops it afterwards. No MariaDB is a failure,
not a skip: CI starts one (.ci/run).
"""

import io
import json
import os

import pytest
import yaml
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page

from articles.models import ArticlePage, DirectivePage, SectionPage
from feedback.models import QuestionPage
from nukeviet.models import ImportKey

from .nukeviet_dump import CATEGORIES, SITE_URL, Dump, mojibake

SERVER = os.environ.get("NUKEVIET_TEST_DATABASE_URL", "mysql://root@127.0.0.1:3306/")
NEWS, LAWS, FAQ = 120, 30, 20


@pytest.fixture(scope="session")
def dump(tmp_path_factory):
    files = tmp_path_factory.mktemp("nukeviet") / "uploads"
    built = Dump(SERVER, f"nukeviet_test_{os.getpid()}", files, news=NEWS, laws=LAWS, faq=FAQ)
    try:
        yield built.build()
    finally:
        built.drop()


@pytest.fixture
def mapping(tmp_path, dump, province, topic, qa_index, settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    path = tmp_path / "mapping.yaml"
    call_command(
        "import_nukeviet", database_url=dump.url, write_mapping=str(path), stdout=io.StringIO()
    )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # The administrator's edit: "Xây dựng Đảng" and its child go to one section.
    data["news"]["categories"][4]["section"] = data["news"]["categories"][3]["section"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def run(dump, mapping, tmp_path, **options):
    out = io.StringIO()
    report = tmp_path / "report.json"
    call_command(
        "import_nukeviet",
        database_url=dump.url,
        mapping=str(mapping),
        files=str(dump.files),
        site_url=SITE_URL,
        report=str(report),
        stdout=out,
        **options,
    )
    return out.getvalue(), json.loads(report.read_text(encoding="utf-8"))


def lines_for(report, module, old_id):
    return [
        line["message"]
        for line in report["lines"]
        if line["module"] == module and line["old_id"] == str(old_id)
    ]


def page_for(kind, old_id):
    key = ImportKey.objects.get(kind=kind, old_id=str(old_id))
    return Page.objects.get(pk=key.object_id).specific


def test_draft_mapping_names_every_category(dump, mapping):
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    assert set(data["news"]["categories"]) == {1, 2, 3, 4, 5}
    assert data["news"]["categories"][2]["section"] == "hoat-dong-cua-tinh-uy"
    assert data["laws"]["types"][1]["code"] == "NQ"
    assert data["laws"]["issuers"][2]["code"] == "TW"


@pytest.mark.django_db(transaction=False)
def test_import_pages_redirects_report_and_second_run(dump, mapping, tmp_path, province, client):
    hostile = dump.hostile
    text, report = run(dump, mapping, tmp_path)

    # News: every published, mapped row is an article in its unit's section.
    sections = {s.slug: s for s in SectionPage.objects.child_of(province)}
    assert set(sections) == {
        "tin-tuc-su-kien",
        "hoat-dong-cua-tinh-uy",
        "xay-dung-dang",
        "tin-hoat-dong-co-so",
    }
    imported = ArticlePage.objects.filter(
        pk__in=ImportKey.objects.filter(kind="news").values("object_id")
    )
    # NEWS regular + 8 hostile published mapped rows (not the draft, not the unmapped one).
    assert imported.count() == NEWS + 8
    first = page_for("news", 1)
    assert first.get_parent().slug == "hoat-dong-cua-tinh-uy" and first.live
    assert first.author in ("Minh Tâm", "Ngọc Hân", "Thanh Phong", "Bảo Trân", "")
    assert first.source == "Báo Tây Ninh"
    assert (
        first.main_image is not None and first.main_image.collection == province.access.collection
    )
    kinds = [block.block_type for block in first.body]
    assert kinds == ["paragraph", "image", "paragraph"]
    assert first.body[1].value["caption"].startswith("Quang cảnh")
    assert "<h3" in first.body[2].value.source and "<ul>" in first.body[2].value.source
    assert first.topics.count() == 0 and page_for("news", 3).topics.count() == 1
    assert [t.name for t in page_for("news", 4).tags.all()] == ["đại hội"]

    # Hostile news rows: sanitised, kept, reported; never a crash.
    script = page_for("news", hostile["news"]["script"])
    html = "".join(
        str(block.value.source) for block in script.body if block.block_type == "paragraph"
    )
    assert "script" not in html and "onclick" not in html and "style" not in html
    assert "javascript:" not in html and 'href="/vi/news/tin-tuc-su-kien/tin-cu-5.html"' in html
    assert "removed 2 script/style element(s)" in lines_for(
        report, "news", hostile["news"]["script"]
    )
    iframe = page_for("news", hostile["news"]["iframe"])
    assert [b.block_type for b in iframe.body] == ["paragraph"] * 4 + ["table"]
    assert "&lt;iframe" in iframe.body[1].value.source
    unconverted = {item["old_id"]: item for item in report["unconverted"]}
    assert unconverted[str(hostile["news"]["iframe"])]["fragments"] == 3
    assert (
        f"/admin/pages/{iframe.pk}/edit/"
        == unconverted[str(hostile["news"]["iframe"])]["admin_url"]
    )
    missing = {item["path"] for item in report["missing_files"]}
    assert {
        "uploads/news/2020_01/khong-ton-tai.jpg",
        "uploads/news/2020_01/anh-dai-dien-mat.jpg",
    } <= missing
    assert "uploads/laws/2023_01/khong-co.pdf" in missing
    duplicate = page_for("news", hostile["news"]["duplicate"])
    assert duplicate.slug == f"{first.slug}-{hostile['news']['duplicate']}"
    future = page_for("news", hostile["news"]["future"])
    assert future.date.year < 2037
    assert any("future" in line for line in lines_for(report, "news", hostile["news"]["future"]))
    assert (
        page_for("news", hostile["news"]["mojibake"]).title
        == "Đại hội Đảng bộ xã thành công tốt đẹp"
    )
    assert mojibake("Đại") != "Đại"
    assert lines_for(report, "news", hostile["news"]["unmapped"]) == [
        "category 99 not mapped: skipped"
    ]
    assert page_for("news", hostile["news"]["empty_title"]).title.startswith("Tin số")
    assert not ImportKey.objects.filter(kind="news", old_id=str(hostile["news"]["draft"])).exists()

    # Documents: number, type, issuer, dates, signer, summary, file, relations.
    law = page_for("laws", 2)
    assert law.number_symbol == "12-KH/TU" and law.document_type.code == "KH"
    assert law.signer_name == "Nguyễn Thành Tâm" and law.signer_title == "Bí thư Tỉnh ủy"
    assert law.summary.startswith("Trích yếu:")
    assert law.field.name == "Quốc phòng - an ninh"
    assert law.effective_date and law.issue_date < law.effective_date
    assert [a.document.file_extension for a in law.attachments.all()] == ["pdf"]
    assert "Van ban 12-KH/TU" in law.attachment_text
    assert list(law.replaces.all()) == [page_for("laws", 1)]
    assert page_for("laws", 1).status == DirectivePage.Status.REPLACED
    assert list(page_for("laws", 4).implements.all()) == [page_for("laws", 3)]
    assert page_for("laws", 5).issuer.code == "TW"
    laws = hostile["laws"]
    assert not ImportKey.objects.filter(kind="laws", old_id=str(laws["unreadable"])).exists()
    assert any("unreadable" in line for line in lines_for(report, "laws", laws["unreadable"]))
    assert page_for("laws", laws["exe"]).attachments.count() == 0
    assert len(lines_for(report, "laws", laws["exe"])) == 2
    assert page_for("laws", laws["expired"]).status == DirectivePage.Status.EXPIRED
    assert page_for("laws", laws["future"]).issue_date.year < 2037
    assert any("9999" in line for line in lines_for(report, "laws", laws["broken_relation"]))

    # Q&A: published questions with their answer, sanitised.
    questions = QuestionPage.objects.filter(
        pk__in=ImportKey.objects.filter(kind="faq").values("object_id")
    )
    assert questions.count() == FAQ + 1
    malicious = page_for("faq", hostile["faq"]["script"])
    assert "script" not in malicious.reply and "onclick" not in malicious.reply
    assert "Trả lời" in malicious.reply and malicious.category.name == "Công tác đảng viên"
    assert lines_for(report, "faq", hostile["faq"]["unanswered"])

    # The reconciliation: per category old → new, laws and faq in all.
    categories = {(c["module"], str(c["category"])): c for c in report["categories"]}
    assert categories[("news", "3")]["old"] == categories[("news", "3")]["new"] == NEWS // 5
    assert categories[("news", "99")]["new"] == 0
    assert categories[("laws", "all")]["new"] == LAWS + 5
    assert "Per category" in text and "<-- differs" in text

    # Old URLs answer 301 to the new pages, through real requests.
    catid, alias = dump.news_aliases[1]
    category = {c: a for c, _, _, a in CATEGORIES}[catid]
    response = client.get(f"/vi/news/{category}/{alias}-1.html")
    assert response.status_code == 301 and response["Location"] == first.url
    assert client.get(response["Location"]).status_code == 200
    response = client.get(f"/vi/laws/detail/{law.slug}/")
    assert response.status_code == 301 and response["Location"] == law.url
    response = client.get("/vi/news/xay-dung-dang/")
    assert response.status_code == 301 and response["Location"] == sections["xay-dung-dang"].url
    response = client.get("/uploads/laws/2023_03/van-ban-2.pdf")
    assert response.status_code == 301
    assert response["Location"] == law.attachments.first().document.url
    assert client.get("/vi/faq/").status_code == 301

    # The check command: every old URL has a target but the two rows left out's.
    out = io.StringIO()
    call_command("check_nukeviet_redirects", database_url=dump.url, stdout=out)
    missing_urls = [line for line in out.getvalue().splitlines() if "\t" in line]
    assert len(missing_urls) == 2
    assert "(category 99)" in missing_urls[0] and "van-ban-khong-co-so" in missing_urls[1]
    # …and paths from an access log, one a line.
    log = tmp_path / "old-paths.txt"
    log.write_text("/vi/news/xay-dung-dang/ 200\n/vi/about/lien-he.html\n", encoding="utf-8")
    out = io.StringIO()
    call_command("check_nukeviet_redirects", urls=str(log), stdout=out)
    assert out.getvalue().splitlines() == [
        "/vi/about/lien-he.html\tno redirect",
        "Old URLs checked: 2; without a target: 1.",
    ]

    # A second run changes nothing.
    before = {
        "pages": Page.objects.count(),
        "redirects": Redirect.objects.count(),
        "images": get_image_model().objects.count(),
        "keys": ImportKey.objects.count(),
        "published": sorted(imported.values_list("pk", "last_published_at")),
    }
    text, again = run(dump, mapping, tmp_path)
    after = {
        "pages": Page.objects.count(),
        "redirects": Redirect.objects.count(),
        "images": get_image_model().objects.count(),
        "keys": ImportKey.objects.count(),
        "published": sorted(imported.values_list("pk", "last_published_at")),
    }
    assert after == before
    assert again["modules"]["news"]["unchanged"] == NEWS + 8
    assert "created" not in again["modules"]["news"]
    assert again["modules"]["redirects"]["created"] == 0

    # A row changed on the old site updates its page; one an editor changed here is kept.
    edited = page_for("news", 7)
    edited.title = "Tiêu đề biên tập viên sửa"
    edited.save_revision().publish()
    with dump.connect(dump.database) as connection, connection.cursor() as cursor:
        cursor.execute(
            "UPDATE nv4_vi_news_rows SET title = %s WHERE id IN (2, 7)", ["Tiêu đề đã sửa"]
        )
        cursor.execute("UPDATE nv4_vi_laws_row SET introtext = 'Trích yếu mới.' WHERE id = 6")
    text, third = run(dump, mapping, tmp_path)
    assert third["modules"]["news"]["updated"] == 1
    assert third["modules"]["news"]["edited in the portal (kept)"] == 1
    assert page_for("news", 2).title == "Tiêu đề đã sửa"
    assert page_for("news", 7).title == "Tiêu đề biên tập viên sửa"
    assert page_for("laws", 6).summary == "Trích yếu mới."
    assert page_for("laws", 6).attachments.count() == 1
    assert Page.objects.count() == before["pages"]


@pytest.mark.django_db
def test_dry_run_writes_nothing(dump, mapping, tmp_path, settings):
    from pathlib import Path

    counts = (Page.objects.count(), Redirect.objects.count(), ImportKey.objects.count())
    text, report = run(dump, mapping, tmp_path, dry_run=True)
    assert (Page.objects.count(), Redirect.objects.count(), ImportKey.objects.count()) == counts
    assert get_image_model().objects.count() == 0
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.jpg"))
    assert "Dry run: nothing was written" in text
    assert report["modules"]["news"]["created"] == NEWS + 8
    assert report["missing_files"]


@pytest.mark.django_db
def test_unreachable_database_is_a_clear_error(province):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Cannot connect"):
        call_command("import_nukeviet", database_url="mysql://root@127.0.0.1:1/nothing")
    with pytest.raises(CommandError, match="Not a mysql"):
        call_command("import_nukeviet", database_url="postgres://x/y")
