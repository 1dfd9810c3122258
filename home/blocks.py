"""Blocks editors arrange on the home page.

Each listing block only describes what to show; ``HomePage.get_context`` fetches every
block's items together, so the page runs a fixed number of queries.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from navigation.blocks import LinkBlock
from schedules.blocks import ScheduleBlock


class ListingBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề khối"), max_length=100)
    count = blocks.IntegerBlock(label=_("Số mục"), min_value=1, max_value=30, default=6)


class FeaturedNewsBlock(ListingBlock):
    class Meta:
        icon = "pick"
        label = _("Tin nổi bật")
        template = "components/streamfield/home/featured_news_block.html"
        description = _(
            "Các tin bài được đánh dấu “tin nổi bật”; khi chưa có, hiện các tin mới nhất"
        )
        preview_value = {"heading": "Tin nổi bật", "count": 5}


class LatestNewsBlock(ListingBlock):
    class Meta:
        icon = "list-ul"
        label = _("Tin mới nhất")
        template = "components/streamfield/home/news_block.html"
        description = _("Tin bài mới nhất của mọi đơn vị (không lặp lại tin nổi bật)")
        preview_value = {"heading": "Tin mới nhất", "count": 8}


class UnitNewsBlock(ListingBlock):
    units = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="units.UnitPage"),
        label=_("Đơn vị"),
        required=False,
        default=[],
    )
    kinds = blocks.ListBlock(
        SnippetChooserBlock("units.UnitKind"),
        label=_("Hoặc mọi đơn vị thuộc loại"),
        required=False,
        default=[],
    )
    own_news_only = blocks.BooleanBlock(
        label=_("Chỉ tin của chính đơn vị (không gồm đơn vị trực thuộc)"), required=False
    )

    class Meta:
        icon = "group"
        label = _("Tin theo nhóm đơn vị")
        template = "components/streamfield/home/news_block.html"
        description = _(
            "Tin bài của các đơn vị được chọn, hoặc của mọi đơn vị thuộc các loại được chọn"
        )
        preview_value = {"heading": "Tin hoạt động các Ban Đảng", "count": 5}


class DocumentsBlock(ListingBlock):
    class Meta:
        icon = "doc-full"
        label = _("Văn bản mới")
        template = "components/streamfield/home/documents_block.html"
        description = _("Các văn bản ban hành gần nhất, có liên kết tới trang tra cứu")
        preview_value = {"heading": "Văn bản mới", "count": 6}


class TopicsBlock(ListingBlock):
    class Meta:
        icon = "tag"
        label = _("Chuyên đề đang diễn ra")
        template = "components/streamfield/home/topics_block.html"
        description = _("Các chuyên đề được đánh dấu “đang diễn ra”")
        preview_value = {"heading": "Chuyên đề", "count": 6}


class PartyNewsBlock(ListingBlock):
    class Meta:
        icon = "site"
        label = _("Tin Báo điện tử Đảng Cộng sản Việt Nam")
        template = "components/streamfield/home/party_news_block.html"
        description = _("Tin lấy từ Báo điện tử Đảng Cộng sản Việt Nam (dangcongsan.vn)")
        preview_value = {"heading": "Tin từ Báo điện tử Đảng Cộng sản Việt Nam", "count": 5}


class AlbumsBlock(ListingBlock):
    """Filled by the galleries app (``HomePage.block_providers["albums"]``)."""

    class Meta:
        icon = "image"
        label = _("Thư viện ảnh")
        template = "components/streamfield/home/albums_block.html"
        description = _("Các album ảnh mới nhất của mọi đơn vị, có ảnh bìa")
        preview_value = {"heading": "Thư viện ảnh", "count": 4}


class MaterialsBlock(ListingBlock):
    """Filled by the materials app (``HomePage.block_providers["materials"]``)."""

    class Meta:
        icon = "doc-full-inverse"
        label = _("Tài liệu sinh hoạt chi bộ tháng này")
        template = "components/streamfield/home/materials_block.html"
        description = _(
            "Tài liệu sinh hoạt chi bộ, thông tin công tác tuyên giáo của tháng này (khi "
            "chưa có, của tháng gần nhất), có liên kết tải về"
        )
        preview_value = {"heading": "Tài liệu sinh hoạt chi bộ tháng này", "count": 4}


class LinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề khối"), max_length=100)
    links = blocks.ListBlock(LinkBlock(), label=_("Liên kết"))

    class Meta:
        icon = "link"
        label = _("Liên kết website")
        template = "components/streamfield/home/links_block.html"
        description = _("Liên kết tới các cổng thông tin của Đảng và cơ quan khác")
        preview_value = {
            "heading": "Liên kết website",
            "links": [
                {"title": "Báo điện tử Đảng Cộng sản Việt Nam", "url": "https://dangcongsan.vn"}
            ],
        }


class HomeBodyBlock(blocks.StreamBlock):
    featured = FeaturedNewsBlock()
    latest = LatestNewsBlock()
    unit_news = UnitNewsBlock()
    documents = DocumentsBlock()
    topics = TopicsBlock()
    party_news = PartyNewsBlock()
    albums = AlbumsBlock()
    materials = MaterialsBlock()
    links = LinksBlock()
    schedule = ScheduleBlock()


def default_home_body():
    """What a new home page shows before an editor arranges it."""
    return [
        {"type": "featured", "value": {"heading": "Tin nổi bật", "count": 5}},
        {"type": "documents", "value": {"heading": "Văn bản mới", "count": 6}},
        {"type": "latest", "value": {"heading": "Tin mới nhất", "count": 8}},
        {"type": "topics", "value": {"heading": "Chuyên đề", "count": 6}},
        {
            "type": "party_news",
            "value": {"heading": "Tin từ Báo điện tử Đảng Cộng sản Việt Nam", "count": 5},
        },
        {
            "type": "links",
            "value": {
                "heading": "Liên kết website",
                "links": [
                    {
                        "title": "Báo điện tử Đảng Cộng sản Việt Nam",
                        "page": None,
                        "url": "https://dangcongsan.vn",
                    },
                    {
                        "title": "Cổng thông tin Đảng Cộng sản Việt Nam",
                        "page": None,
                        "url": "https://dangcongsan.org.vn",
                    },
                    {
                        "title": "Tạp chí Cộng sản",
                        "page": None,
                        "url": "https://www.tapchicongsan.org.vn",
                    },
                    {
                        "title": "Cổng thông tin điện tử Chính phủ",
                        "page": None,
                        "url": "https://chinhphu.vn",
                    },
                ],
            },
        },
    ]
