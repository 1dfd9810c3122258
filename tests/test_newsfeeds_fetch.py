"""fetch_feeds against a real HTTP server on 127.0.0.1: good, broken and hostile feeds."""

import tracemalloc

import pytest
from django.core.management import call_command
from django.test import override_settings

from newsfeeds.fetching import fetch_all
from newsfeeds.models import ExternalFeed, FeedItem

from .factories import ExternalFeedFactory

pytestmark = pytest.mark.django_db


def fetch(feed):
    fetch_all(ExternalFeed.objects.filter(pk=feed.pk))
    feed.refresh_from_db()
    return feed


def test_rss_items_are_stored_with_vietnamese_text_source_image_and_date(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/rss.xml")))
    items = {item.guid: item for item in feed.items.all()}
    assert set(items) == {"dcs-1", "dcs-2", "https://dangcongsan.vn/dia-phuong/tay-ninh-3.html"}
    first = items["dcs-1"]
    assert first.title == "Hội nghị Trung ương bàn về công tác xây dựng Đảng"
    assert first.summary == "Sáng nay, Ban Chấp hành Trung ương họp phiên bế mạc."
    assert first.source == "Báo điện tử Đảng Cộng sản Việt Nam"
    assert first.image_url == "https://dangcongsan.vn/anh/1.jpg"
    assert items["dcs-2"].image_url == "https://dangcongsan.vn/anh/2.png"
    assert first.published_at.isoformat() == "2026-11-24T01:30:00+00:00"
    assert feed.last_success_at and feed.last_error == ""
    assert "3 tin mới" in feed.last_result


def test_atom_items_are_stored(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/atom.xml"), format="atom"))
    titles = list(feed.items.values_list("title", flat=True))
    assert titles == [
        "Quy định mới về công tác kiểm tra, giám sát",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ]
    assert feed.items.get(guid="urn:dcs:org:2").summary == (
        "Tổng kết 10 năm thực hiện Chỉ thị 05-CT/TW."
    )


def test_the_same_feed_twice_adds_no_duplicates(feed_server):
    feed = ExternalFeedFactory(url=feed_server.url("/rss.xml"))
    fetch(feed)
    # The server forgot its ETag: the body comes again, with the same items.
    ExternalFeed.objects.filter(pk=feed.pk).update(etag="", last_modified="")
    feed = fetch(feed)
    assert feed.items.count() == 3
    assert "0 tin mới" in feed.last_result


def test_an_item_whose_guid_changed_but_link_did_not_is_not_stored_again(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/rss.xml")))
    feed_server.httpd.rss = feed_server.httpd.rss.replace("dcs-1", "dcs-1-moi")
    ExternalFeed.objects.filter(pk=feed.pk).update(etag="")
    fetch(feed)
    assert feed.items.count() == 3


def test_unchanged_feed_answers_304_to_the_conditional_headers(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/rss.xml")))
    assert feed.etag == '"v1"' and feed.last_modified
    FeedItem.objects.filter(feed=feed).delete()
    feed = fetch(feed)
    path, headers = feed_server.requests[-1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == feed.last_modified
    assert feed.items.count() == 0  # 304: nothing parsed, nothing added
    assert "304" in feed.last_result and feed.last_error == ""


def test_a_new_address_forgets_the_old_conditional_headers(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/rss.xml")))
    feed.url = feed_server.url("/redirect")
    feed.save()
    feed = fetch(feed)
    assert "If-None-Match" not in feed_server.requests[-2][1]  # /redirect, then /rss.xml
    assert "0 tin mới" in feed.last_result


def test_malformed_xml_keeps_the_items_it_could_read_and_says_so(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/malformed.xml")))
    assert "Tin vẫn đọc được" in feed.items.values_list("title", flat=True)
    assert "lỗi định dạng XML" in feed.last_error


def test_a_page_that_is_not_a_feed_is_an_error(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/not-a-feed")))
    assert feed.items.count() == 0
    assert "không phải RSS" in feed.last_error
    assert feed.last_success_at is None and feed.last_fetch_at


def test_encoding_declared_latin1_but_sent_as_utf8(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/declared-latin1.xml")))
    assert feed.items.get(guid="dcs-1").title == (
        "Hội nghị Trung ương bàn về công tác xây dựng Đảng"
    )


def test_encoding_declared_utf8_but_sent_as_windows_1252(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/sent-1252.xml")))
    assert feed.items.get().title == "Báo cáo tình hình"
    assert feed.last_error == ""


def test_a_50_mb_body_is_aborted_at_the_cap_in_bounded_memory(feed_server):
    feed = ExternalFeedFactory(url=feed_server.url("/huge.xml"))
    tracemalloc.start()
    fetch(feed)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "lớn hơn 5 MB" in feed.last_error
    assert feed.items.count() == 0
    assert peak < 20 * 1024 * 1024, peak  # the cap is 5 MB; 50 MB were offered


def test_a_body_announced_as_50_mb_is_refused_before_reading(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/huge-declared.xml")))
    assert "lớn hơn 5 MB" in feed.last_error


@override_settings(NEWSFEEDS_TIMEOUT=(1.0, 0.5))
def test_a_server_that_never_answers_times_out(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/silent")))
    assert "không trả lời" in feed.last_error


def test_a_redirect_is_followed(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/redirect")))
    assert feed.items.count() == 3


def test_a_redirect_loop_stops_at_the_limit(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/loop-a")))
    assert "Chuyển hướng quá 5 lần" in feed.last_error
    loop_requests = [path for path, _ in feed_server.requests if path.startswith("/loop")]
    assert len(loop_requests) == 6  # the first request and five redirects


def test_a_redirect_to_another_scheme_is_refused(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/to-file")))
    assert "không hợp lệ" in feed.last_error


@pytest.mark.parametrize(("path", "code"), [("/khong-co.xml", "404"), ("/error-500", "500")])
def test_http_errors_are_recorded(feed_server, path, code):
    feed = fetch(ExternalFeedFactory(url=feed_server.url(path)))
    assert f"mã {code}" in feed.last_error
    assert feed.last_error_at and feed.last_success_at is None


def test_an_unreachable_port_is_recorded(feed_server):
    url = feed_server.url("/rss.xml")
    feed_server.stop()
    feed = fetch(ExternalFeedFactory(url=url))
    assert "Không kết nối được" in feed.last_error


def test_script_and_html_are_stored_as_plain_text_and_bad_links_skipped(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/hostile.xml")))
    item = feed.items.get()
    assert item.title == "Tin có thẻ"  # markup and script gone, text kept
    assert item.summary == "Tóm tắt"  # even the twice-escaped script is gone
    assert item.source == "Nguồn"
    assert item.image_url == ""  # javascript: image dropped
    assert "javascript" not in item.link
    assert "bỏ qua 2 tin" in feed.last_result  # javascript: link, empty title


def test_one_broken_feed_never_stops_the_others(feed_server):
    broken = [
        ExternalFeedFactory(name=name, url=feed_server.url(path))
        for name, path in [("a", "/error-500"), ("b", "/loop-a"), ("c", "/not-a-feed")]
    ]
    good = ExternalFeedFactory(name="z", url=feed_server.url("/atom.xml"))
    inactive = ExternalFeedFactory(name="zz", url=feed_server.url("/rss.xml"), active=False)
    call_command("fetch_feeds", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for feed in broken:
        feed.refresh_from_db()
        assert feed.last_error
    assert good.items.count() == 2
    inactive.refresh_from_db()
    assert inactive.last_fetch_at is None


@override_settings(NEWSFEEDS_MAX_ITEMS=2)
def test_only_the_newest_items_are_kept(feed_server):
    feed = fetch(ExternalFeedFactory(url=feed_server.url("/rss.xml")))
    assert sorted(feed.items.values_list("guid", flat=True)) == ["dcs-1", "dcs-2"]


def test_storing_new_items_makes_cached_pages_fresh(
    feed_server, django_capture_on_commit_callbacks
):
    from portal.pagecache import current_version

    feed = ExternalFeedFactory(url=feed_server.url("/rss.xml"))
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True):
        fetch(feed)
    after = current_version()
    assert after != before
    with django_capture_on_commit_callbacks(execute=True):
        fetch(feed)  # 304: nothing new, cached pages stay
    assert current_version() == after


def test_a_non_http_address_is_refused_by_the_form_and_by_the_fetcher(feed_server):
    from django.core.exceptions import ValidationError

    feed = ExternalFeed(name="x", url="file:///etc/passwd")
    with pytest.raises(ValidationError) as error:
        feed.full_clean()
    assert "http" in str(error.value)
    ExternalFeed.objects.bulk_create([feed])
    feed = fetch(ExternalFeed.objects.get(name="x"))
    assert "http" in feed.last_error


def test_feeds_go_through_the_configured_proxy(feed_server):
    proxy = feed_server.url("")
    with override_settings(NEWSFEEDS_PROXY=proxy):
        feed = fetch(ExternalFeedFactory(url="http://dangcongsan.invalid/rss.xml"))
    assert feed.items.count() == 3
    assert feed_server.requests[-1][0] == "http://dangcongsan.invalid/rss.xml"


def test_a_feed_another_run_is_fetching_is_left_alone_until_that_claim_lapses(feed_server):
    from io import StringIO

    from django.utils import timezone

    feed = ExternalFeedFactory(name="Báo Đảng", url=feed_server.url("/rss.xml"))
    # What a run still fetching this feed leaves on it (newsfeeds.fetching.claim).
    later = timezone.now() + timezone.timedelta(minutes=1)
    ExternalFeed.objects.filter(pk=feed.pk).update(fetching_until=later)
    out = StringIO()
    call_command("fetch_feeds", stdout=out)
    assert feed_server.requests == [] and feed.items.count() == 0
    assert "Báo Đảng: một lần chạy khác đang lấy nguồn này, bỏ qua." in out.getvalue()
    # A run that died leaves its claim behind; once it has lapsed the feed is fetched again.
    earlier = timezone.now() - timezone.timedelta(seconds=1)
    ExternalFeed.objects.filter(pk=feed.pk).update(fetching_until=earlier)
    feed = fetch(feed)
    assert feed.items.count() == 3 and feed.fetching_until is None
