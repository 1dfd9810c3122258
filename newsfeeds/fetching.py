"""Fetch every active feed: bounded downloads, conditional GET, deduplicated items.

One feed's failure is recorded on that feed (a readable reason, in Vietnamese and English)
and never stops the others. Called by ``manage.py fetch_feeds`` only, never by a page.
"""

import datetime
import logging
import queue
import threading
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.pagecache import bump_version

from .models import ExternalFeed, FeedItem
from .parsing import ParseError, http_url, parse

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024


class FetchError(Exception):
    """A download that failed; the message is shown to administrators."""


@dataclass
class Download:
    status: int
    content: bytes
    content_type: str
    etag: str
    last_modified: str


def session() -> requests.Session:
    client = requests.Session()
    client.max_redirects = settings.NEWSFEEDS_MAX_REDIRECTS
    client.headers["User-Agent"] = settings.NEWSFEEDS_USER_AGENT
    client.headers["Accept"] = (
        "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8"
    )
    # Only the proxy FEEDS_PROXY names is used; .netrc and *_PROXY variables are not read.
    client.trust_env = False
    if settings.NEWSFEEDS_PROXY:
        client.proxies = {"http": settings.NEWSFEEDS_PROXY, "https": settings.NEWSFEEDS_PROXY}
    return client


def download(feed: ExternalFeed, client: requests.Session) -> Download:
    if not http_url(feed.url):
        raise FetchError("Địa chỉ phải bắt đầu bằng http:// hoặc https://. / Only http(s) URLs.")
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    limit = settings.NEWSFEEDS_MAX_BYTES
    deadline = time.monotonic() + settings.NEWSFEEDS_DEADLINE
    try:
        with client.get(
            feed.url, headers=headers, timeout=settings.NEWSFEEDS_TIMEOUT, stream=True
        ) as response:
            if response.status_code == 304:
                return Download(304, b"", "", feed.etag, feed.last_modified)
            if response.status_code != 200:
                raise FetchError(
                    f"Máy chủ trả về mã {response.status_code} ({response.reason}). / "
                    f"HTTP {response.status_code}."
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(_too_large(limit))
            chunks, size = [], 0
            # read1: whatever one read of the socket gives, so a server dribbling a byte
            # every few seconds (each under the read timeout) still meets the deadline.
            # iter_content() would wait for a whole chunk, for as long as the server likes.
            while chunk := response.raw.read1(CHUNK, decode_content=True):
                size += len(chunk)
                if size > limit:
                    raise FetchError(_too_large(limit))
                if time.monotonic() > deadline:
                    raise FetchError(_too_slow())
                chunks.append(chunk)
            return Download(
                200,
                b"".join(chunks),
                response.headers.get("Content-Type", ""),
                response.headers.get("ETag", "")[:500],
                response.headers.get("Last-Modified", "")[:100],
            )
    except requests.TooManyRedirects:
        raise FetchError(
            f"Chuyển hướng quá {settings.NEWSFEEDS_MAX_REDIRECTS} lần (có thể là vòng lặp). / "
            "Too many redirects."
        ) from None
    except requests.Timeout:
        raise FetchError("Máy chủ không trả lời kịp thời hạn. / The server timed out.") from None
    except requests.ConnectionError as error:
        raise FetchError(
            f"Không kết nối được tới máy chủ. / Connection failed ({type(error).__name__})."
        ) from None
    except (requests.exceptions.InvalidSchema, requests.exceptions.InvalidURL) as error:
        raise FetchError(
            f"Địa chỉ (hoặc địa chỉ chuyển hướng) không hợp lệ. / Invalid URL ({error})."
        ) from None
    except requests.RequestException as error:
        raise FetchError(f"Lỗi khi tải nguồn tin. / Request failed ({error}).") from None


def _too_slow():
    return f"Tải quá {settings.NEWSFEEDS_DEADLINE:g} giây, đã dừng. / Download took too long."


def _too_large(limit):
    return (
        f"Nguồn tin lớn hơn {limit // (1024 * 1024)} MB, đã dừng tải. / "
        f"Feed larger than {limit} bytes."
    )


def store(feed: ExternalFeed, items) -> int:
    """Add the items the feed does not have yet (by GUID or link); keep the newest N."""
    guids = {item.guid for item in items}
    links = {item.link for item in items}
    known_guids = set(
        FeedItem.objects.filter(feed=feed, guid__in=guids).values_list("guid", flat=True)
    )
    known_links = set(
        FeedItem.objects.filter(feed=feed, link__in=links).values_list("link", flat=True)
    )
    new = []
    for item in items:
        if item.guid in known_guids or item.link in known_links:
            continue
        known_guids.add(item.guid)
        known_links.add(item.link)
        new.append(FeedItem(feed=feed, **item.__dict__))
    # A concurrent run may have stored the same GUID meanwhile: the constraint decides.
    FeedItem.objects.bulk_create(new, ignore_conflicts=True)
    keep = settings.NEWSFEEDS_MAX_ITEMS
    stale = list(
        FeedItem.objects.filter(feed=feed)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[keep:]
    )
    if stale:
        FeedItem.objects.filter(pk__in=stale).delete()
    return len(new)


def claim(feed: ExternalFeed, now) -> bool:
    """Take the feed for this run, unless another run holds it (one conditional UPDATE, so
    two runs cannot both take it). The claim lapses after the longest a fetch can take."""
    longest = sum(settings.NEWSFEEDS_TIMEOUT) + settings.NEWSFEEDS_DEADLINE + 60
    free = Q(fetching_until__isnull=True) | Q(fetching_until__lt=now)
    until = now + datetime.timedelta(seconds=longest)
    return ExternalFeed.objects.filter(free, pk=feed.pk).update(fetching_until=until) == 1


def fetch_feed(feed: ExternalFeed, downloaded) -> int:
    """Record the outcome of one feed's download (``downloaded()`` gives it or raises);
    returns how many items are new."""
    now = timezone.now()
    feed.last_fetch_at = now
    fields = ["last_fetch_at", "last_result", "last_error", "last_error_at"]
    added = 0
    try:
        result = downloaded()
        if result.status == 304:
            feed.last_result = "Không có tin mới (304 Not Modified)."
        else:
            parsed = parse(result.content, result.content_type, feed.name)
            with transaction.atomic():
                added = store(feed, parsed.items)
            feed.etag, feed.last_modified = result.etag, result.last_modified
            fields += ["etag", "last_modified"]
            feed.last_result = f"{len(parsed.items)} tin trong nguồn, {added} tin mới" + (
                f", bỏ qua {parsed.skipped} tin thiếu tiêu đề hoặc liên kết."
                if parsed.skipped
                else "."
            )
            if parsed.warning:
                feed.last_error, feed.last_error_at = parsed.warning, now
            else:
                feed.last_error = ""
        if result.status == 304:
            feed.last_error = ""
        feed.last_success_at = now
        fields.append("last_success_at")
    except (FetchError, ParseError) as error:
        feed.last_error, feed.last_error_at = str(error), now
        feed.last_result = "Lỗi: không lấy được tin."
    except Exception as error:  # one broken feed never stops the others
        logger.exception("fetch_feeds: feed %s", feed.pk)
        feed.last_error = f"Lỗi không lường trước. / Unexpected error ({type(error).__name__})."
        feed.last_error_at = now
        feed.last_result = "Lỗi: không lấy được tin."
    feed.last_error = feed.last_error[:2000]
    ExternalFeed.objects.filter(pk=feed.pk).update(
        fetching_until=None, **{name: getattr(feed, name) for name in fields}
    )
    return added


class _Download(threading.Thread):
    """One feed's download in a daemon thread. The run waits for it until its deadline, then
    records the feed as too slow and goes on: a server that dribbles its status line or
    headers holds only this thread (which dies with the process), never the run or the
    other feeds. Only the network is here; the database stays with the run's thread."""

    def __init__(self, feed, finished):
        super().__init__(daemon=True, name=f"fetch-feed-{feed.pk}")
        self.feed, self.finished = feed, finished
        self.result = self.error = None
        self.late = False

    def run(self):
        client = session()
        try:
            self.result = download(self.feed, client)
        except BaseException as error:  # noqa: BLE001 - handed to the run, which records it
            self.error = error
        finally:
            client.close()
            self.finished.put(self)

    def outcome(self) -> Download:
        if self.late:
            raise FetchError(_too_slow())
        if self.error is not None:
            raise self.error
        return self.result


def fetch_all(feeds=None) -> dict[int, int]:
    """Fetch every active feed that no other run is fetching, ``NEWSFEEDS_CONCURRENCY``
    downloads at a time, each given up at its deadline; the page cache is made fresh when
    any item is new. Returns new items per feed fetched. The run takes at most about
    (feeds / concurrency) x (connect timeout + deadline), whatever the servers do."""
    feeds = ExternalFeed.objects.filter(active=True) if feeds is None else feeds
    waiting = list(feeds)
    longest = settings.NEWSFEEDS_TIMEOUT[0] + settings.NEWSFEEDS_DEADLINE + 1
    concurrency = max(1, settings.NEWSFEEDS_CONCURRENCY)
    finished = queue.Queue()
    running = {}  # download -> when it started
    results = {}
    while waiting or running:
        while waiting and len(running) < concurrency:
            feed = waiting.pop(0)
            if not claim(feed, timezone.now()):  # claimed when it starts: the claim's clock
                logger.info("fetch_feeds: feed %s is being fetched by another run", feed.pk)
                continue
            worker = _Download(feed, finished)
            running[worker] = time.monotonic()
            worker.start()
        if not running:
            break
        oldest = min(running, key=running.get)
        try:
            worker = finished.get(timeout=max(0.0, running[oldest] + longest - time.monotonic()))
        except queue.Empty:
            worker, worker.late = oldest, True  # left behind; its thread ends with the process
        if running.pop(worker, None) is None:
            continue  # a download given up earlier that has now ended
        results[worker.feed.pk] = fetch_feed(worker.feed, worker.outcome)
    if any(results.values()):
        bump_version()
    return results
