"""StreamField blocks of a news article's body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents import blocks as document_blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import blocks as image_blocks

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class ForgedIdMixin:
    """Wagtail's chooser blocks look a submitted id up (``objects.get(pk=…)``) before any
    validation, so a forged id such as "abc" is a server error. Treat it as nothing chosen: the
    block's "required" error then asks for a real choice, and nothing is saved."""

    def value_from_form(self, value):
        try:
            return super().value_from_form(value)
        except (ValueError, TypeError, OverflowError):
            return None


class ImageChooserBlock(ForgedIdMixin, image_blocks.ImageChooserBlock):
    pass


class DocumentChooserBlock(ForgedIdMixin, document_blocks.DocumentChooserBlock):
    pass


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Ảnh"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=500)
    credit = blocks.CharBlock(label=_("Nguồn ảnh"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "components/streamfield/blocks/image_block.html"
        description = _("Một ảnh với chú thích và nguồn ảnh")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Trích dẫn"))
    attribution = blocks.CharBlock(label=_("Người nói / nguồn"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Trích dẫn")
        template = "components/streamfield/blocks/quote_block.html"
        description = _("Một đoạn trích dẫn lời phát biểu hoặc văn bản")
        preview_value = {
            "text": "Đảng ta là đạo đức, là văn minh.",
            "attribution": "Chủ tịch Hồ Chí Minh",
        }


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Địa chỉ video"), help_text=_("Ví dụ: đường dẫn YouTube"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False)

    class Meta:
        icon = "media"
        label = _("Video nhúng")
        template = "components/streamfield/blocks/video_block.html"
        description = _("Video từ YouTube hoặc dịch vụ hỗ trợ nhúng")


class DocumentLinkValue(blocks.StructValue):
    def label(self):
        return self.get("title") or self["document"].title

    def extension(self):
        return self["document"].file_extension.upper()


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tệp"))
    title = blocks.CharBlock(
        label=_("Tên hiển thị"), required=False, help_text=_("Để trống để dùng tên tệp")
    )

    class Meta:
        icon = "doc-full"
        label = _("Tệp đính kèm")
        template = "components/streamfield/blocks/document_link_block.html"
        description = _("Liên kết tải xuống một tệp PDF, DOC hoặc DOCX")
        value_class = DocumentLinkValue


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Đoạn văn"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="components/streamfield/blocks/paragraph_block.html",
        description=_("Văn bản có định dạng"),
        preview_value="<p>Sáng nay, Ban Thường vụ Tỉnh ủy tổ chức hội nghị…</p>",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    document = DocumentLinkBlock()
    table = TableBlock(
        label=_("Bảng"),
        template="components/streamfield/blocks/table_block.html",
        description=_("Bảng số liệu"),
    )
