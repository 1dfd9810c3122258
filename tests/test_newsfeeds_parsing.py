"""The parser on hostile input (Hypothesis): it never fails but with ParseError, and what it
keeps is plain text with http(s) links, whatever the feed holds."""

import contextlib
import unicodedata
from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfeeds.parsing import ParseError, parse, plain_text

MARKUP = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<b>",
        "</p>",
        "&lt;script&gt;",
        "&amp;",
        "<img onerror=x>",
        "\x00",
        "\u0301",
        "Đảng",
        "nghị quyết",
        "javascript:",
        "<![CDATA[",
        "]]>",
        "<",
        ">",
    ]
)
TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=20)), max_size=8).map("".join)
LINKS = st.one_of(
    st.sampled_from(
        ["https://dangcongsan.vn/a.html", "javascript:alert(1)", "ftp://x/y", "", "//x"]
    ),
    st.text(max_size=30),
)


def rss(title, summary, link):
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Nguồn</title>'
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<description>{escape(summary)}</description></item></channel></rss>"
    ).encode("utf-8", "surrogatepass")


def check(parsed):
    for item in parsed.items:
        assert item.link.startswith(("http://", "https://"))
        for text in (item.title, item.summary, item.source):
            assert "<script" not in text.lower()
            assert unicodedata.is_normalized("NFC", text)
            assert not any(unicodedata.category(ch) == "Cc" for ch in text)
        assert len(item.title) <= 500 and len(item.summary) <= 2000


@settings(max_examples=60, deadline=None)
@given(title=TEXT, summary=TEXT, link=LINKS)
def test_hostile_items_are_kept_as_plain_text_or_skipped(title, summary, link):
    try:
        parsed = parse(rss(title, summary, link), "application/rss+xml", "Dự phòng")
    except ParseError:
        return
    check(parsed)
    assert len(parsed.items) + parsed.skipped == 1


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=300), content_type=st.sampled_from(["", "text/xml", "text/html"]))
def test_arbitrary_bytes_never_crash(body, content_type):
    with contextlib.suppress(ParseError):
        check(parse(body, content_type, "Dự phòng"))


def test_plain_text_strips_code_and_twice_escaped_markup():
    assert plain_text("A &amp;lt;script&amp;gt;x()&amp;lt;/script&amp;gt; <i>B</i>", 100) == "A B"
    assert plain_text("Nghi\u0323 quyê\u0301t", 100) == "Nghị quyết"
