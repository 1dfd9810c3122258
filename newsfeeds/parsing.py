"""From a feed's bytes to the items we keep: plain text, http(s) links only.

feedparser detects the encoding (HTTP charset, XML declaration, then UTF-8 and
windows-1252), reads RSS and Atom alike and drops scripts and event handlers from
HTML content. We keep only plain text: the remaining tags are stripped, entities
decoded, whitespace collapsed, the text NFC-normalised. Templates escape it when shown.
"""

import calendar
import datetime
import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import feedparser
from django.utils import timezone
from django.utils.html import strip_tags

TITLE_LENGTH = 500
SUMMARY_LENGTH = 2000
URL_LENGTH = 1000


class ParseError(Exception):
    """The body is not a feed we can read; the message is shown to administrators."""


@dataclass
class ParsedItem:
    guid: str
    link: str
    title: str
    summary: str
    image_url: str
    published_at: datetime.datetime
    source: str


@dataclass
class ParsedFeed:
    title: str
    items: list[ParsedItem]
    skipped: int  # entries without a usable title or http(s) link
    warning: str  # a readable note when the XML was not well formed but entries were read


# Elements whose content is code, not text: dropped whole, not just their tags.
_CODE = re.compile(
    r"<(script|style|iframe|object|embed|template|noscript)\b.*?(</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)


def plain_text(value, limit) -> str:
    text = value or ""
    # Feeds escape markup once or twice ("&amp;lt;script&amp;gt;"): strip until stable.
    for _round in range(3):
        stripped = html.unescape(strip_tags(_CODE.sub(" ", text)))
        if stripped == text:
            break
        text = stripped
    text = " ".join(text.split())
    # Control characters other than whitespace have no place in a title or summary.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFC", text)[:limit]


def http_url(value) -> str:
    value = (value or "").strip()
    if not value or len(value) > URL_LENGTH or any(ch.isspace() for ch in value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return value


def _date(entry, now):
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                moment = datetime.datetime.fromtimestamp(calendar.timegm(value), tz=datetime.UTC)
            except (OverflowError, ValueError, OSError):
                continue
            # A date in the future would pin the item to the top: take the fetch time.
            return min(moment, now)
    return now


def _image(entry) -> str:
    candidates = []
    for media in entry.get("media_content", []) + entry.get("media_thumbnail", []):
        if media.get("medium", "image") == "image" or str(media.get("type", "")).startswith(
            "image/"
        ):
            candidates.append(media.get("url"))
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            candidates.append(link.get("href"))
    for candidate in candidates:
        if url := http_url(candidate):
            return url
    return ""


def parse(content: bytes, content_type: str, fallback_source: str) -> ParsedFeed:
    parsed = feedparser.parse(content, response_headers={"content-type": content_type or ""})
    if not parsed.entries:
        if parsed.bozo:
            raise ParseError(
                f"Nội dung không phải RSS/Atom hợp lệ ({parsed.bozo_exception}). / "
                "Not a well-formed RSS or Atom document."
            )
        if not parsed.get("version"):
            raise ParseError(
                "Nội dung không phải RSS hay Atom. / The response is not an RSS or Atom feed."
            )
    warning = ""
    if parsed.bozo and not isinstance(parsed.bozo_exception, feedparser.CharacterEncodingOverride):
        warning = (
            f"Nguồn có lỗi định dạng XML ({parsed.bozo_exception}); đã đọc được "
            f"{len(parsed.entries)} tin. / The XML is malformed; entries read anyway."
        )
    feed_title = plain_text(parsed.feed.get("title"), 255)
    source = feed_title or fallback_source
    now = timezone.now()
    items, skipped = [], 0
    for entry in parsed.entries:
        title = plain_text(entry.get("title"), TITLE_LENGTH)
        link = http_url(entry.get("link"))
        if not title or not link:
            skipped += 1
            continue
        summary = plain_text(entry.get("summary") or entry.get("description"), SUMMARY_LENGTH)
        guid = (entry.get("id") or "").strip() or link
        if len(guid) > TITLE_LENGTH:
            guid = "sha256:" + hashlib.sha256(guid.encode()).hexdigest()
        items.append(
            ParsedItem(
                guid=guid,
                link=link,
                title=title,
                summary=summary,
                image_url=_image(entry),
                published_at=_date(entry, now),
                source=source,
            )
        )
    return ParsedFeed(title=feed_title, items=items, skipped=skipped, warning=warning)
