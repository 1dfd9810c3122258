"""`manage.py reslug_pages`: pages slugged from their title by the old slugify_vi get today's
slug and a permanent redirect from every old URL; slugs typed by hand stay."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect

from portal.management.commands.reslug_pages import new_slug_for, old_slugify_vi

from .factories import ArticlePageFactory, UnitPageFactory

pytestmark = pytest.mark.django_db

TERM_TITLE = "Đại hội Đảng bộ huyện nhiệm kỳ 2020–2025"
LONG_TITLE = (
    "Hội nghị tổng kết công tác xây dựng Đảng và hệ thống chính trị giai đoạn 2015—2020, "
    "triển khai nhiệm vụ năm 2021"
)


def _reslug(*args):
    out = StringIO()
    call_command("reslug_pages", *args, stdout=out)
    return out.getvalue()


def test_slug_rule_tells_title_slugs_from_typed_ones():
    assert old_slugify_vi(TERM_TITLE) == "dai-hoi-dang-bo-huyen-nhiem-ky-20202025"
    assert new_slug_for("dai-hoi-dang-bo-huyen-nhiem-ky-20202025", TERM_TITLE) == (
        "dai-hoi-dang-bo-huyen-nhiem-ky-2020-2025"
    )
    # Wagtail's "-2" for a second page of the same title, and seed_demo's cut plus index.
    assert new_slug_for("dai-hoi-dang-bo-huyen-nhiem-ky-20202025-2", TERM_TITLE) == (
        "dai-hoi-dang-bo-huyen-nhiem-ky-2020-2025-2"
    )
    cut = old_slugify_vi(LONG_TITLE)[:90].rstrip("-") + "-17"
    assert new_slug_for(cut, LONG_TITLE) == slugify_cut(LONG_TITLE, 90) + "-17"
    # Typed by an editor, already right, or a title without dashes: nothing to do.
    assert new_slug_for("dai-hoi-xi", TERM_TITLE) is None
    assert new_slug_for("dai-hoi", TERM_TITLE) is None
    assert new_slug_for("dai-hoi-dang-bo-huyen-nhiem-ky-2020-2025", TERM_TITLE) is None
    assert new_slug_for("huyen-uy-go-dau", "Huyện ủy Gò Dầu") is None


def slugify_cut(title, length):
    """What the old cut kept, in today's slug: the same words, hyphens between the numbers."""
    from portal.vietnamese import slugify_vi

    new = slugify_vi(title)
    kept = old_slugify_vi(title)[:length].rstrip("-")
    # The old slug is the new one less some hyphens: keep as many characters as it kept.
    i = j = 0
    while j < len(kept):
        if new[i] == kept[j]:
            j += 1
        i += 1
    return new[:i]


@pytest.fixture
def old_pages(district):
    unit = UnitPageFactory(
        parent=district,
        title="Ban Chỉ đạo 2020–2025",
        slug=old_slugify_vi("Ban Chỉ đạo 2020–2025"),
    )
    article = ArticlePageFactory(parent=unit, title=TERM_TITLE, slug=old_slugify_vi(TERM_TITLE))
    article.save_revision().publish()
    typed = ArticlePageFactory(parent=unit, title=LONG_TITLE, slug="tong-ket-2015-2020")
    plain = ArticlePageFactory(parent=unit, title="Hội nghị Ban Chấp hành", slug="hoi-nghi-bch")
    return unit, article, typed, plain


# Transactional: each page is re-slugged in its own committed transaction, and Wagtail
# creates the redirects on commit, as in production. Serialized rollback, as in
# test_reader_cache: the flush afterwards leaves the next test the migrated data.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reslug_moves_title_slugs_and_redirects_old_urls(client, old_pages):
    unit, article, typed, plain = old_pages
    old_unit_url, old_article_url = unit.url, article.url
    assert old_article_url.endswith(
        "/ban-chi-dao-20202025/dai-hoi-dang-bo-huyen-nhiem-ky-20202025/"
    )
    out = _reslug()
    assert "2 page(s) re-slugged." in out
    for page in (unit, article, typed, plain):
        page.refresh_from_db()
    assert unit.slug == "ban-chi-dao-2020-2025"
    assert article.slug == "dai-hoi-dang-bo-huyen-nhiem-ky-2020-2025"
    assert article.url.endswith("/ban-chi-dao-2020-2025/dai-hoi-dang-bo-huyen-nhiem-ky-2020-2025/")
    # Typed by hand, or nothing to change: left alone.
    assert typed.slug == "tong-ket-2015-2020"
    assert plain.slug == "hoi-nghi-bch"
    # The editor's next publish keeps the new slug.
    assert article.get_latest_revision_as_object().slug == article.slug
    # Old URLs of the re-slugged pages and of the pages below them answer 301 to the new.
    for old_url, page in [
        (old_unit_url, unit),
        (old_article_url, article),
        (old_unit_url + "hoi-nghi-bch/", plain),
    ]:
        response = client.get(old_url)
        assert response.status_code == 301, old_url
        assert response["Location"].endswith(page.url)
        assert client.get(page.url).status_code == 200
    assert Redirect.objects.filter(is_permanent=True).count() >= 3


def test_reslug_twice_and_dry_run_change_nothing(old_pages, django_capture_on_commit_callbacks):
    unit, article, *_ = old_pages
    assert "2 page(s) would be re-slugged." in _reslug("--dry-run")
    unit.refresh_from_db()
    assert unit.slug == "ban-chi-dao-20202025"
    assert not Redirect.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _reslug()
    redirects = Redirect.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert "0 page(s) re-slugged." in _reslug()
    assert Redirect.objects.count() == redirects


def test_reslug_keeps_sibling_slugs_unique(district, django_capture_on_commit_callbacks):
    ArticlePageFactory(parent=district, title="Khác", slug="ke-hoach-2021-2025")
    old = ArticlePageFactory(
        parent=district, title="Kế hoạch 2021–2025", slug=old_slugify_vi("Kế hoạch 2021–2025")
    )
    with django_capture_on_commit_callbacks(execute=True):
        _reslug()
    old.refresh_from_db()
    assert old.slug == "ke-hoach-2021-2025-2"
