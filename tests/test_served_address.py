"""Every absolute URL names the address the portal is served at, on a non-default port.

One rule (portal.links): page URLs from the default Site (its host name and port), every
other absolute URL from BASE_URL; `manage.py sync_default_site` makes the Site agree with
BASE_URL, and `make run` runs it with the address it serves (issue #20, item 2).
"""

import json
import re
import subprocess
import urllib.request
from io import StringIO
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from articles.models import DirectiveAttachment

from .factories import ArticlePageFactory
from .test_api import document
from .test_feedback import SUBMIT, form_data

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
SERVED = "http://127.0.0.1:18765"
# Requests reach an app server by its own address (behind a proxy, or a port forward): no
# link may be built from the request's host instead of the served address.
HOST = {"HTTP_HOST": "10.0.0.21:8000"}


def serve_at(settings, base_url):
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = base_url
    call_command("sync_default_site", stdout=StringIO())


@pytest.fixture
def served(settings, home):
    serve_at(settings, SERVED)
    return SERVED


def urls_in(text):
    return re.findall(r"""https?://[^\s"'<>]+""", text)


def assert_all_served(urls):
    assert urls
    for url in urls:
        assert url.startswith(SERVED + "/"), url


def test_sync_default_site_sets_host_and_port_once(settings, home):
    settings.BASE_URL = "http://127.0.0.1:18765"
    out = StringIO()
    call_command("sync_default_site", stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 18765, SERVED)
    assert "now at http://127.0.0.1:18765" in out.getvalue()
    call_command("sync_default_site", stdout=out)
    assert "already at http://127.0.0.1:18765" in out.getvalue()
    settings.BASE_URL = "https://tinhuy.tayninh.dcs.vn"
    call_command("sync_default_site", stdout=out)
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("tinhuy.tayninh.dcs.vn", 443)


@pytest.mark.parametrize(
    ("base_url", "message"),
    [("tinhuy.example.vn", r"not an http\(s\) address"), ("https://tinhuy.example.vn:8443", "443")],
)
def test_sync_default_site_refuses_what_a_site_cannot_serve(settings, home, base_url, message):
    settings.BASE_URL = base_url
    with pytest.raises(CommandError, match=message):
        call_command("sync_default_site", stdout=StringIO())


def test_api_html_url_detail_url_and_file_links(client, served, article, directive):
    DirectiveAttachment.objects.create(page=directive, document=document("nq-35"), label="Toàn văn")
    listing = client.get("/api/v2/pages/", {"limit": 50}, **HOST).json()
    for item in listing["items"]:
        assert item["meta"]["html_url"].startswith(SERVED + "/"), item["meta"]
        assert item["meta"]["detail_url"] == f"{SERVED}/api/v2/pages/{item['id']}/"
    detail = client.get(f"/api/v2/pages/{directive.pk}/", **HOST).json()
    assert detail["attachments"][0]["url"].startswith(f"{SERVED}/documents/")
    assert detail["meta"]["html_url"] == f"{SERVED}{directive.url}"


def test_sitemap_locations(client, served, article, directive):
    response = client.get("/sitemap.xml", **HOST)
    locations = [
        element.text
        for element in ElementTree.fromstring(response.content).iter()
        if element.tag.endswith("loc")
    ]
    assert f"{SERVED}{article.url}" in locations
    assert_all_served(locations)
    robots = client.get("/robots.txt", **HOST).text
    assert f"Sitemap: {SERVED}/sitemap.xml" in robots


@pytest.mark.parametrize("feed", ["/feeds/rss/", "/feeds/atom/", "/feeds/documents/atom/"])
def test_feed_links(client, served, article, directive, feed):
    response = client.get(feed, **HOST)
    assert response.status_code == 200
    text = response.content.decode()
    links = [u for u in urls_in(text) if "www.w3.org" not in u and "purl.org" not in u]
    assert_all_served(links)
    assert f"{SERVED}{feed}" in text  # the feed's own address
    assert f"{SERVED}{article.url}" in text or f"{SERVED}{directive.url}" in text


def test_canonical_and_open_graph_links(client, served, article):
    html = client.get(article.url, **HOST).content.decode()
    assert f'<link rel="canonical" href="{SERVED}{article.url}">' in html
    assert f'<meta property="og:url" content="{SERVED}{article.url}">' in html


def test_open_graph_image_is_on_the_served_address(client, served, district):
    image = get_image_model().objects.create(
        title="Hội nghị", file=get_test_image_file(size=(1600, 1000))
    )
    article = ArticlePageFactory(parent=district, main_image=image)
    html = client.get(article.url, **HOST).content.decode()
    rendition = image.get_rendition("fill-1200x630")
    assert f'<meta property="og:image" content="{SERVED}{rendition.url}">' in html
    assert f'<meta name="twitter:image" content="{SERVED}{rendition.url}">' in html


def test_feedback_mails_link_the_served_address(
    client, served, district, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT, form_data(district, category), **HOST)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert_all_served(urls_in(message.body))
    assert f"{SERVED}/gop-y/tra-cuu/" in message.body


def test_make_run_serves_and_links_on_the_port_it_is_given():
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=18765"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    assert "BASE_URL=http://127.0.0.1:18765 .venv/bin/python manage.py sync_default_site" in plan
    assert (
        "BASE_URL=http://127.0.0.1:18765 .venv/bin/python manage.py runserver 127.0.0.1:18765"
        in plan
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_live_server_answers_with_links_on_its_own_port(live_server, settings, article):
    serve_at(settings, live_server.url)
    with urllib.request.urlopen(f"{live_server.url}/api/v2/pages/?limit=50") as response:
        items = json.load(response)["items"]
    assert items
    for item in items:
        assert item["meta"]["html_url"].startswith(live_server.url + "/")
        assert item["meta"]["detail_url"].startswith(live_server.url + "/api/v2/pages/")
    with urllib.request.urlopen(f"{live_server.url}/sitemap.xml") as response:
        sitemap = response.read().decode()
    assert f"<loc>{live_server.url}{article.url}</loc>" in sitemap
    with urllib.request.urlopen(live_server.url + urllib.request.quote(article.url)) as response:
        page = response.read().decode()
    assert f'<link rel="canonical" href="{live_server.url}{article.url}">' in page
