"""RSS 2.0 and JSON Feed of the materials: the whole site's, or one unit's index.

Built on the syndication app's ``PortalFeed`` (links, Vietnamese, the request); the JSON
Feed is its ``json_feed`` twin. RSS allows one enclosure per item, the first file; the JSON
Feed lists every file as an attachment.
"""

from django.conf import settings
from django.http import Http404
from django.utils.feedgenerator import Enclosure
from django.utils.text import capfirst

from portal.ids import parse_id
from portal.links import absolute_url
from portal.visibility import visible
from syndication.feeds import FEED_LENGTH, PortalFeed, json_feed
from units.models import attach_owning_units

from .models import CellMaterialIndexPage, CellMaterialPage, listing_materials


class MaterialFeed(PortalFeed):
    def get_object(self, request, pk=None):
        if pk is None:
            return None
        index = None
        if (page_id := parse_id(pk)) is not None:
            index = visible(CellMaterialIndexPage.objects, request).filter(pk=page_id).first()
        if index is None:
            raise Http404
        return index

    def title(self, obj=None):
        if obj is None:
            return f"Tài liệu sinh hoạt chi bộ – {settings.WAGTAIL_SITE_NAME}"
        unit = obj.owning_unit
        return f"{obj.title} – {unit.title if unit else settings.WAGTAIL_SITE_NAME}"

    def description(self, obj=None):
        if obj is None:
            return "Tài liệu sinh hoạt chi bộ, thông tin công tác tuyên giáo hằng tháng"
        return obj.intro or f"Tài liệu sinh hoạt chi bộ hằng tháng của {obj.owning_unit.title}"

    def items(self, obj=None):
        root = obj or self.site_root()
        materials = visible(CellMaterialPage.objects, self.request).descendant_of(root)
        listing = listing_materials(materials, "first_published_at", "last_published_at")
        return attach_owning_units(list(listing[:FEED_LENGTH]))

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return item.owning_unit.title if item.owning_unit else None

    def item_categories(self, item):
        return [str(item.get_kind_display()), capfirst(item.period)]

    def item_enclosures(self, item):
        files = list(item.files.all())[:1]
        return [
            Enclosure(absolute_url(f.document.url), str(f.document.file_size or 0), f.mime_type)
            for f in files
        ]

    def item_extra_kwargs(self, item):
        return {
            "attachments": [
                {
                    "url": absolute_url(f.document.url),
                    "mime_type": f.mime_type,
                    "title": f.title,
                }
                | ({"size_in_bytes": f.document.file_size} if f.document.file_size else {})
                for f in item.files.all()
            ]
        }


MaterialJsonFeed = json_feed(MaterialFeed)
