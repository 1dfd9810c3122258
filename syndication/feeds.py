"""RSS 2.0 and Atom feeds: the whole site, each unit (with its sub-units), each topic, documents.

Each feed class is the RSS one; its Atom twin only changes the generator (``atom``), and so
does a JSON Feed twin (``json_feed``). The site and unit feeds hold articles and documents
together; the document feed, documents only.
"""

import copy
import datetime
import json

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from wagtail.models import Site

from articles.models import ArticlePage, DirectivePage, TopicPage, newest_first
from portal.links import absolute_url
from portal.visibility import visible
from units.models import UnitPage

FEED_LENGTH = 30


class VietnameseRss(Rss201rev2Feed):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("language", "vi")
        super().__init__(*args, **kwargs)


class VietnameseAtom(Atom1Feed):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("language", "vi")
        super().__init__(*args, **kwargs)


class VietnameseJsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) from the same Feed classes.

    An item's files come from ``attachments`` (``item_extra_kwargs``: dicts with ``url``,
    ``mime_type`` and optionally ``title``, ``size_in_bytes``), else from its enclosures.
    """

    content_type = "application/feed+json; charset=utf-8"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("language", "vi")
        super().__init__(*args, **kwargs)

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.as_json(), ensure_ascii=False))

    def as_json(self):
        feed = self.feed
        data = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": str(feed["title"]),
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": str(feed["description"] or ""),
            "language": feed["language"],
        }
        if feed.get("author_name"):
            data["authors"] = [{"name": str(feed["author_name"])}]
        data = {key: value for key, value in data.items() if value}
        data["items"] = [self.item_json(item) for item in self.items]
        return data

    @staticmethod
    def item_json(item):
        entry = {
            "id": str(item["unique_id"] or item["link"]),
            "url": item["link"],
            "title": str(item["title"]),
            "content_text": str(item["description"] or item["title"]),
        }
        if item["description"]:
            entry["summary"] = str(item["description"])
        if item["pubdate"]:
            entry["date_published"] = item["pubdate"].isoformat()
        if item["updateddate"]:
            entry["date_modified"] = item["updateddate"].isoformat()
        if item["author_name"]:
            entry["authors"] = [{"name": str(item["author_name"])}]
        if item["categories"]:
            entry["tags"] = [str(category) for category in item["categories"]]
        attachments = item.get("attachments")
        if attachments is None:
            attachments = [
                {"url": enclosure.url, "mime_type": enclosure.mime_type}
                | ({"size_in_bytes": int(enclosure.length)} if enclosure.length else {})
                for enclosure in item["enclosures"] or ()
            ]
        if attachments:
            entry["attachments"] = attachments
        return entry


class PortalFeed(Feed):
    feed_type = VietnameseRss

    def __call__(self, request, *args, **kwargs):
        # Django's Feed hooks do not receive the request; a copy per request carries it.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def site_root(self):
        site = Site.find_for_request(self.request)
        if site is None:
            raise Http404
        return site.root_page

    # Page links from the page's Site, the feed's own address from BASE_URL (portal.links).
    def link(self, obj=None):
        return (obj or self.site_root()).get_full_url(self.request)

    def feed_url(self, obj=None):
        return absolute_url(self.request.path)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    item_guid_is_permalink = True

    def item_title(self, item):
        return item.title

    def item_updateddate(self, item):
        return item.last_published_at


def document_title(directive):
    return f"{directive.number_symbol} – {directive.title}"


def document_date(directive):
    """When the portal published it; pages loaded in bulk have only their issue date."""
    if directive.first_published_at:
        return directive.first_published_at
    return timezone.make_aware(datetime.datetime.combine(directive.issue_date, datetime.time()))


class ArticleFeed(PortalFeed):
    """Latest articles and documents of the whole site, newest first."""

    def title(self, obj=None):
        return settings.WAGTAIL_SITE_NAME

    def description(self, obj=None):
        return "Tin bài và văn bản mới nhất"

    def articles(self, root):
        return newest_first(visible(ArticlePage.objects, self.request).descendant_of(root))[
            :FEED_LENGTH
        ]

    def documents(self, root):
        documents = visible(DirectivePage.objects, self.request).descendant_of(root)
        return newest_first(documents.select_related("document_type"))[:FEED_LENGTH]

    def items(self, obj=None):
        root = obj or self.site_root()
        entries = list(self.articles(root)) + list(self.documents(root))
        entries.sort(key=self.item_pubdate, reverse=True)
        return entries[:FEED_LENGTH]

    def item_title(self, item):
        if isinstance(item, DirectivePage):
            return document_title(item)
        return item.title

    def item_description(self, item):
        return item.summary if isinstance(item, DirectivePage) else item.lead

    def item_pubdate(self, item):
        return document_date(item) if isinstance(item, DirectivePage) else item.date

    def item_author_name(self, item):
        return getattr(item, "author", "") or None

    def item_categories(self, item):
        if isinstance(item, DirectivePage):
            return ["Văn bản", item.document_type.name]
        return ["Tin bài"]


class UnitFeed(ArticleFeed):
    def get_object(self, request, pk):
        try:
            return visible(UnitPage.objects, request).get(pk=pk)
        except UnitPage.DoesNotExist:
            raise Http404 from None

    def title(self, obj=None):
        return f"{obj.title} – {settings.WAGTAIL_SITE_NAME}"

    def description(self, obj=None):
        return f"Tin bài và văn bản của {obj.title} và các đơn vị trực thuộc"


class TopicFeed(ArticleFeed):
    def get_object(self, request, pk):
        try:
            return visible(TopicPage.objects, request).get(pk=pk)
        except TopicPage.DoesNotExist:
            raise Http404 from None

    def title(self, obj=None):
        return f"Chuyên đề: {obj.title} – {settings.WAGTAIL_SITE_NAME}"

    def description(self, obj=None):
        return obj.intro or f"Tin bài của chuyên đề {obj.title}"

    def items(self, obj=None):
        return newest_first(visible(ArticlePage.objects, self.request).filter(topics=obj))[
            :FEED_LENGTH
        ]


class DocumentFeed(PortalFeed):
    def title(self, obj=None):
        return f"Văn bản – {settings.WAGTAIL_SITE_NAME}"

    def description(self, obj=None):
        return "Văn bản mới ban hành"

    def items(self, obj=None):
        documents = visible(DirectivePage.objects, self.request).descendant_of(self.site_root())
        return newest_first(documents.select_related("document_type"))[:FEED_LENGTH]

    def item_title(self, item):
        return document_title(item)

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return document_date(item)

    def item_categories(self, item):
        return [item.document_type.name]


def atom(feed_class):
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": VietnameseAtom})


def json_feed(feed_class):
    return type(f"{feed_class.__name__}Json", (feed_class,), {"feed_type": VietnameseJsonFeed})
