"""Photo albums and videos (Thư viện ảnh, Video): a unit's media, and the site-wide lists.

Tree: UnitPage → GalleryIndexPage (one per unit) → PhotoAlbumPage | VideoPage; HomePage →
PhotoLibraryPage, VideoLibraryPage (one each), which list every unit's albums or videos.
Photos are images of the unit's collection; a video is a document of it (MP4/WebM, with
an optional WebVTT caption track), or an embed from a provider Wagtail's embeds accept.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable
from wagtail.search import index

from articles.models import PAGE_LISTING_FIELDS
from portal.pagination import paginate
from portal.visibility import visible
from units.models import PortalPage, attach_owning_units

# Renditions an album shows: thumbnails (and their WebP twins) and the large view the
# thumbnail links to (the viewer's image, and the page a reader without JavaScript opens).
THUMBNAIL_SPECS = "fill-320x240 fill-640x480"
LARGE_SPEC = "max-1600x1200"
# Cards of albums and videos in listings: cover or poster.
CARD_SPECS = "fill-320x200 fill-640x400"
# Photos shown before the fold load at once; the rest lazily.
EAGER_PHOTOS = 8
VIDEO_EXTENSIONS = {"mp4": "video/mp4", "webm": "video/webm"}
CAPTIONS_MAX_SIZE = 1024 * 1024


def _renditions(specs):
    specs = specs.split()
    return [*specs, *(f"{spec}|format-webp" for spec in specs)]


def image_with_renditions(*specs):
    """Images with the renditions of ``specs`` (and their WebP twins) prefetched."""
    filters = [name for spec in specs for name in _renditions(spec)]
    return get_image_model().objects.prefetch_renditions(*filters)


def video_max_size():
    return settings.GALLERIES_VIDEO_MAX_MB * 1024 * 1024


class MediaPage(PortalPage):
    """What an album and a video share: a date, an introduction, listing helpers."""

    date = models.DateField(_("ngày"), default=timezone.localdate, db_index=True)
    intro = models.TextField(_("giới thiệu"), blank=True, max_length=2000)

    parent_page_types = ["galleries.GalleryIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True

    @property
    def published_at(self):
        """The date readers see, as a moment (feeds need one)."""
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time(7)))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["unit"] = self.owning_unit
        return context


def media_listing(queryset, image_field):
    """A newest-first listing of albums or videos: narrow rows, card renditions prefetched."""
    from django.db.models import Prefetch

    return (
        queryset.only(*PAGE_LISTING_FIELDS, "date", "intro", image_field)
        .prefetch_related(Prefetch(image_field, queryset=image_with_renditions(CARD_SPECS)))
        .order_by("-date", "-pk")
    )


def listing_page(request, queryset, image_field, param="page"):
    page = paginate(request, media_listing(queryset, image_field), param=param)
    attach_owning_units(page.object_list)
    return page


class GalleryIndexPage(PortalPage):
    """Thư viện ảnh, video of one unit: its albums and its videos."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = ["units.UnitPage"]
    subpage_types = ["galleries.PhotoAlbumPage", "galleries.VideoPage"]
    max_count_per_parent = 1
    template = "pages/gallery_index_page.html"
    content_panels = PortalPage.content_panels + ["intro"]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("thư viện ảnh, video của đơn vị")
        verbose_name_plural = _("thư viện ảnh, video của đơn vị")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["unit"] = self.owning_unit
        albums = visible(PhotoAlbumPage.objects, request).child_of(self)
        videos = visible(VideoPage.objects, request).child_of(self)
        context["albums"] = listing_page(request, albums, "cover_image")
        context["videos"] = listing_page(request, videos, "poster", param="video_page")
        return context


class PhotoAlbumPage(MediaPage):
    """An album: photos of the unit's collection, each with its caption and credit."""

    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh bìa"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Ảnh đại diện của album trong các danh sách."),
    )

    template = "pages/photo_album_page.html"
    content_panels = PortalPage.content_panels + [
        FieldRowPanel(["date", "cover_image"]),
        "intro",
        InlinePanel("photos", label=_("Ảnh"), heading=_("Các ảnh của album"), min_num=1),
    ]
    search_fields = PortalPage.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields("photos", [index.SearchField("caption"), index.SearchField("credit")]),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("cover_image"),
        APIField(
            "cover_thumbnail",
            serializer=ImageRenditionField("fill-640x400", source="cover_image"),
        ),
        APIField("photos"),
    ]

    class Meta:
        verbose_name = _("album ảnh")
        verbose_name_plural = _("album ảnh")
        indexes = [models.Index(fields=["date", "page_ptr"], name="album_listing_order")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["photos"] = self.photo_list()
        return context

    def photo_list(self):
        """The photos with their images and renditions: three queries, whatever their number."""
        from django.db.models import Prefetch

        photos = self.photos.all()
        if isinstance(photos, models.QuerySet):  # a preview's photos are in memory
            photos = photos.prefetch_related(
                Prefetch("image", queryset=image_with_renditions(THUMBNAIL_SPECS, LARGE_SPEC))
            )
        photos = [photo for photo in photos if photo.image_id]
        for number, photo in enumerate(photos):
            photo.lazy = number >= EAGER_PHOTOS
        return photos


class AlbumPhoto(Orderable):
    page = ParentalKey(PhotoAlbumPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(
        _("chú thích"),
        max_length=500,
        help_text=_("Ví dụ: Quang cảnh Hội nghị Ban Chấp hành Đảng bộ tỉnh."),
    )
    credit = models.CharField(
        _("tác giả ảnh"),
        max_length=150,
        blank=True,
        help_text=_("Hiện là “Ảnh: …”. Ví dụ: Minh Hà"),
    )

    panels = ["image", "caption", "credit"]
    api_fields = [
        APIField("image"),
        APIField("image_large", serializer=ImageRenditionField(LARGE_SPEC, source="image")),
        APIField("caption"),
        APIField("credit"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("ảnh trong album")
        verbose_name_plural = _("ảnh trong album")

    def __str__(self):
        return self.caption


class VideoPage(MediaPage):
    """A video: an uploaded MP4/WebM file with an optional caption track, or an embed."""

    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Hiện trước khi video chạy, và trong các danh sách."),
    )
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tệp video"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tệp MP4 hoặc WebM tải lên thư mục của đơn vị."),
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("phụ đề tiếng Việt (WebVTT)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tệp .vtt, bắt đầu bằng dòng “WEBVTT”. Chỉ dùng với tệp video tải lên."),
    )
    embed_url = models.URLField(
        _("hoặc địa chỉ video nhúng"),
        blank=True,
        help_text=_(
            "Ví dụ: đường dẫn YouTube. Chỉ chọn tệp video hoặc địa chỉ nhúng, không cả hai."
        ),
    )
    # The caption track's words, indexed with the page (read when the page is saved).
    captions_text = models.TextField(editable=False, blank=True)

    template = "pages/video_page.html"
    content_panels = PortalPage.content_panels + [
        FieldRowPanel(["date", "poster"]),
        "intro",
        MultiFieldPanel(["video_file", "captions", "embed_url"], heading=_("Video")),
    ]
    search_fields = PortalPage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("captions_text"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("poster"),
        APIField(
            "poster_thumbnail", serializer=ImageRenditionField("fill-640x400", source="poster")
        ),
        APIField("video_url", serializer=serializers.CharField(source="video_file_url")),
        APIField("video_type", serializer=serializers.CharField(source="video_mime_type")),
        APIField("captions_url", serializer=serializers.CharField(source="captions_file_url")),
        APIField("embed_url"),
    ]

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("video")
        indexes = [models.Index(fields=["date", "page_ptr"], name="video_listing_order")]

    @property
    def video_mime_type(self):
        if not self.video_file_id:
            return ""
        return VIDEO_EXTENSIONS.get(self.video_file.file_extension.lower(), "")

    @property
    def video_file_url(self):
        return self.video_file.url if self.video_file_id else ""

    @property
    def captions_file_url(self):
        return self.captions.url if self.captions_id and self.video_file_id else ""

    def clean(self):
        super().clean()
        errors = {}
        if bool(self.video_file_id) == bool(self.embed_url):
            message = _(
                "Chọn một tệp video tải lên hoặc nhập một địa chỉ video nhúng (chỉ một trong hai)."
            )
            errors["video_file"] = message
            errors["embed_url"] = message
        if self.video_file_id:
            problem = video_file_problem(self.video_file)
            if problem:
                errors["video_file"] = problem
        if self.captions_id:
            problem = captions_problem(self.captions)
            if problem:
                errors["captions"] = problem
            elif not self.video_file_id:
                errors["captions"] = _("Phụ đề chỉ dùng với tệp video tải lên.")
        if self.embed_url and not embed_accepted(self.embed_url):
            errors["embed_url"] = _(
                "Không nhúng được video từ địa chỉ này: chỉ nhận video của các trang chia sẻ "
                "video được hỗ trợ (ví dụ YouTube)."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["video"] = self.video_file if self.video_file_id else None
        context["captions"] = self.captions if self.captions_id and self.video_file_id else None
        return context

    def save(self, *args, **kwargs):
        self.captions_text = read_captions_text(self.captions) if self.captions_id else ""
        super().save(*args, **kwargs)


def _extension(document):
    return document.file_extension.lower()


def _detected(document):
    from portal.uploads import detected_kind  # imports admin forms: not at model load

    try:
        with document.open_file() as file:
            return detected_kind(file)
    except OSError:
        return None


def video_file_problem(document):
    """Why a document cannot be the page's video (in Vietnamese), or None."""
    extension = _extension(document)
    if extension not in VIDEO_EXTENSIONS:
        return _("Tệp video phải là MP4 hoặc WebM (tệp đã chọn: .%(ext)s).") % {
            "ext": extension or "?"
        }
    try:
        size = document.file.size
    except OSError:
        return _("Không đọc được tệp video đã chọn.")
    if size > video_max_size():
        return _("Tệp video quá lớn (tối đa %(limit)s).") % {
            "limit": filesizeformat(video_max_size())
        }
    if _detected(document) != extension:
        return _("Nội dung tệp không phải là video .%(ext)s thật.") % {"ext": extension}
    return None


def captions_problem(document):
    if _extension(document) != "vtt" or _detected(document) != "vtt":
        return _("Phụ đề phải là tệp WebVTT (.vtt) bắt đầu bằng dòng “WEBVTT”.")
    try:
        if document.file.size > CAPTIONS_MAX_SIZE:
            return _("Tệp phụ đề quá lớn (tối đa %(limit)s).") % {
                "limit": filesizeformat(CAPTIONS_MAX_SIZE)
            }
    except OSError:
        return _("Không đọc được tệp phụ đề đã chọn.")
    return None


def read_captions_text(document):
    """The words of a WebVTT track, without its header, cue numbers, timings and tags."""
    import re

    try:
        with document.open_file() as file:
            raw = file.read(CAPTIONS_MAX_SIZE).decode("utf-8", errors="replace")
    except OSError:
        return ""
    lines = []
    for block in re.split(r"\r?\n\r?\n", raw):
        block_lines = block.strip().splitlines()
        if not block_lines or block_lines[0].startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            continue
        for line in block_lines:
            if "-->" in line or line.strip().isdigit():
                continue
            lines.append(re.sub(r"<[^>]*>", "", line).strip())
    return " ".join(line for line in lines if line)


def embed_accepted(url):
    """True when one of the configured embed finders (WAGTAILEMBEDS_FINDERS) takes ``url``.

    Only the URL patterns are checked (no network): the embed itself is fetched, and kept,
    by Wagtail when the page is first shown.
    """
    from wagtail.embeds.finders import get_finders

    return any(finder.accept(url) for finder in get_finders())


class LibraryPage(PortalPage):
    """A site-wide list of every unit's albums or videos, newest first."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = ["home.HomePage"]
    owning_unit = None  # never inside a unit (parent_page_types): no query for it
    subpage_types = []
    max_count_per_parent = 1
    content_panels = PortalPage.content_panels + ["intro"]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True

    listed_model = None
    image_field = ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Everything under the home page this list belongs to (its parent: the path prefix).
        items = visible(self.listed_model.objects, request).filter(
            path__startswith=self.path[: -self.steplen]
        )
        context["items"] = listing_page(request, items, self.image_field)
        return context


class PhotoLibraryPage(LibraryPage):
    """Thư viện ảnh: the albums of every unit."""

    template = "pages/photo_library_page.html"
    listed_model = PhotoAlbumPage
    image_field = "cover_image"

    class Meta:
        verbose_name = _("thư viện ảnh (toàn cổng)")


class VideoLibraryPage(LibraryPage):
    """Video: the videos of every unit."""

    template = "pages/video_library_page.html"
    listed_model = VideoPage
    image_field = "poster"

    class Meta:
        verbose_name = _("thư viện video (toàn cổng)")
