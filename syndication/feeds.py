"""RSS 2.0 and Atom feeds: the whole site, each unit (with its sub-units), each topic, documents.

Each feed class is the RSS one; its Atom twin only changes the generator. The site and unit
feeds hold articles and documents together; the document feed, documents only.
"""

import copy
import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
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
