"""RSS and Atom of the newest albums and videos of the whole site (the media feed)."""

from django.conf import settings

from portal.visibility import visible
from syndication.feeds import FEED_LENGTH, PortalFeed, atom

from .models import PhotoAlbumPage, VideoPage


class MediaFeed(PortalFeed):
    def title(self, obj=None):
        return f"Thư viện ảnh và video – {settings.WAGTAIL_SITE_NAME}"

    def description(self, obj=None):
        return "Album ảnh và video mới nhất của các đơn vị"

    def items(self, obj=None):
        root = self.site_root()
        entries = []
        for model in (PhotoAlbumPage, VideoPage):
            entries += (
                visible(model.objects, self.request)
                .descendant_of(root)
                .order_by("-date", "-pk")[:FEED_LENGTH]
            )
        entries.sort(key=lambda page: (page.date, page.pk), reverse=True)
        return entries[:FEED_LENGTH]

    def item_description(self, item):
        return item.intro

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return ["Thư viện ảnh" if isinstance(item, PhotoAlbumPage) else "Video"]


MediaFeedAtom = atom(MediaFeed)
