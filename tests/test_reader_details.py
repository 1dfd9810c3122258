"""What the reader portal issue asks beside the pages themselves: related documents,
social-network meta with the main image, and Vietnamese error pages served with DEBUG off."""

import datetime

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from articles.models import DirectivePage

from .factories import ArticlePageFactory, DirectivePageFactory


@pytest.mark.django_db
def test_document_page_lists_related_documents_both_ways(client, province, directive):
    plan = DirectivePageFactory(
        parent=province,
        number=138,
        title="Kế hoạch số 138-KH/TU",
        issue_date=datetime.date(2019, 1, 3),
    )
    plan.implements.add(directive)
    old = DirectivePageFactory(parent=province, number=12, title="Nghị quyết cũ số 12")
    hidden = DirectivePageFactory(parent=province, number=13, title="Nghị quyết chưa đăng số 13")
    directive.replaces.add(old, hidden)
    for page in (plan, directive):
        page.save()
    hidden.unpublish()

    content = client.get(directive.url).content.decode()
    related = content.split("Văn bản liên quan")[1]
    assert "Được triển khai bởi:" in related and plan.title in related
    assert "Thay thế:" in related and old.title in related
    assert hidden.title not in related  # unpublished documents are not linked

    content = client.get(plan.url).content.decode()
    assert "Triển khai:" in content.split("Văn bản liên quan")[1]
    assert directive.url in content.split("Văn bản liên quan")[1]

    content = client.get(old.url).content.decode()
    assert (
        "Bị thay thế bởi:" in content and directive.title in content.split("Văn bản liên quan")[1]
    )


@pytest.mark.django_db
def test_document_without_relations_has_no_related_section(client, directive):
    assert DirectivePage.objects.count() == 1
    assert "Văn bản liên quan" not in client.get(directive.url).content.decode()


@pytest.mark.django_db
def test_article_shares_its_main_image_with_social_networks(client, district):
    image = get_image_model().objects.create(
        title="Hội nghị", file=get_test_image_file(size=(1600, 1000))
    )
    article = ArticlePageFactory(parent=district, main_image=image)
    content = client.get(article.url).content.decode()
    rendition = image.get_rendition("fill-1200x630")
    absolute = f"http://testserver{rendition.url}"
    assert f'<meta property="og:image" content="{absolute}">' in content
    assert '<meta property="og:image:width" content="1200">' in content
    assert '<meta property="og:image:height" content="630">' in content
    assert '<meta name="twitter:card" content="summary_large_image">' in content
    assert f'<meta name="twitter:image" content="{absolute}">' in content
    assert f'<link rel="canonical" href="{article.full_url}">' in content

    plain = ArticlePageFactory(parent=district)
    content = client.get(plain.url).content.decode()
    assert 'property="og:image"' not in content
    assert '<meta name="twitter:card" content="summary">' in content


def _broken_view(request):
    raise RuntimeError("hỏng")


urlpatterns = [path("hong/", _broken_view)]


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_server_error_page_is_vietnamese_with_debug_off():
    response = Client(raise_request_exception=False).get("/hong/")
    assert response.status_code == 500
    content = response.content.decode()
    assert '<html lang="vi">' in content
    assert "Hệ thống đang gặp sự cố" in content
    assert "RuntimeError" not in content and "Traceback" not in content


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_not_found_page_is_vietnamese_with_debug_off(client, home):
    for url in ("/khong-co-trang-nay/", "/feeds/unit/999999/rss/", "/documents/999999/x.pdf"):
        response = client.get(url)
        assert response.status_code == 404, url
        content = response.content.decode()
        assert "Không tìm thấy trang" in content, url
        assert '<html lang="vi">' in content


@pytest.mark.django_db
@override_settings(PORTAL_PAGE_SIZE=2)
def test_listing_totals_are_kept_until_a_page_changes(
    client, district, django_capture_on_commit_callbacks
):
    third = [ArticlePageFactory(parent=district) for _ in range(3)][-1]
    assert "Trang 1 / 2" in client.get(district.url).content.decode()
    # The count is kept (no COUNT query on the next render of the same listing)…
    with CaptureQueriesContext(connection) as queries:
        client.get(district.url, {"x": 1})
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    # …and unpublishing (or publishing, moving, deleting) any page makes it fresh at once.
    with django_capture_on_commit_callbacks(execute=True):  # the bump runs after commit
        third.unpublish()
    content = client.get(district.url, {"x": 2}).content.decode()
    assert "Phân trang" not in content and third.title not in content
    fourth = ArticlePageFactory(parent=district, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        fourth.save_revision().publish()
    assert "Trang 1 / 2" in client.get(district.url, {"x": 3}).content.decode()


def test_server_error_page_has_search_and_menu_without_the_database(rf):
    """No django_db mark: any query would fail the test. The database may be what failed."""
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    content = response.content.decode()
    assert response.status_code == 500
    assert '<form class="site-search" action="/search/" method="get" role="search">' in content
    assert (
        'aria-label="Menu chính"' in content and '<a href="/gop-y/">Góp ý – Hỏi đáp</a>' in content
    )
    assert "/static/css/portal.css" in content


@pytest.mark.django_db
def test_not_found_page_has_search_and_the_menu(client, home):
    content = client.get("/khong-co-trang-nay/").content.decode()
    assert 'role="search"' in content and 'name="q"' in content
    assert 'aria-label="Menu chính"' in content and "Góp ý – Hỏi đáp" in content


def test_the_demo_settings_serve_readers_with_debug_off():
    """`make run` (portal.settings.dev) shows readers the portal's error pages, with static
    files from WhiteNoise and media from Django; DEBUG=true turns Django's debug page on."""
    import os
    import subprocess
    import sys

    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.WHITENOISE_USE_FINDERS, s.PORTAL_SERVE_MEDIA, "
        "'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "True", "True", "True"]
    env["DEBUG"] = "true"
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split()[0] == "True"


@pytest.mark.django_db
def test_restricted_pages_ask_in_the_portals_own_vietnamese_pages(
    client, home, article, django_capture_on_commit_callbacks
):
    """A password or login restriction shows the portal's page (menu, search), in Vietnamese,
    and nothing of the protected page in its head."""
    from wagtail.models import PageViewRestriction

    article.lead = "Tóm tắt riêng của trang được bảo vệ."
    article.save_revision().publish()
    # After the commit, as in the admin: the cached list of restrictions is renewed then.
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-1"
        )
    content = client.get(article.url).content.decode()
    assert "<h1>Nội dung cần mật khẩu</h1>" in content
    assert 'aria-label="Menu chính"' in content and 'role="search"' in content
    assert "Password required" not in content and "Continue" not in content
    assert "Tóm tắt riêng" not in content
    assert '<label for="id_password">Mật khẩu' in content
    restriction.restriction_type = PageViewRestriction.LOGIN
    with django_capture_on_commit_callbacks(execute=True):
        restriction.save()
    response = client.get(article.url, follow=True)
    content = response.content.decode()
    assert "<h1>Đăng nhập để xem nội dung</h1>" in content
    assert 'aria-label="Menu chính"' in content
    assert ">Log in<" not in content and "Username" not in content
