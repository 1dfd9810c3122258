"""External feeds (RSS/Atom) that administrators register, and the items fetched from them.

Items are fetched only by ``manage.py fetch_feeds`` (cron), never while a page renders.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

http_url = URLValidator(schemes=["http", "https"], message=_("Nhập địa chỉ http:// hoặc https://."))


class ExternalFeed(models.Model):
    class Format(models.TextChoices):
        RSS = "rss", _("RSS")
        ATOM = "atom", _("Atom")

    class Placement(models.TextChoices):
        HOME = "home", _("Khối tin Báo điện tử Đảng trên trang chủ")
        UNIT = "unit", _("Trang của một đơn vị")

    name = models.CharField(_("tên nguồn"), max_length=200)
    url = models.URLField(_("địa chỉ RSS/Atom"), max_length=1000, validators=[http_url])
    format = models.CharField(_("định dạng"), max_length=4, choices=Format, default=Format.RSS)
    placement = models.CharField(
        _("hiện tin ở"), max_length=4, choices=Placement, default=Placement.HOME
    )
    unit = models.ForeignKey(
        "units.UnitPage",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="external_feeds",
        help_text=_("Khi tin hiện trên trang của một đơn vị."),
    )
    active = models.BooleanField(_("đang lấy tin"), default=True)

    last_fetch_at = models.DateTimeField(_("lần lấy tin gần nhất"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("lần lấy tin thành công"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    last_error_at = models.DateTimeField(_("thời điểm lỗi"), null=True, blank=True)
    last_result = models.CharField(_("kết quả lần gần nhất"), max_length=500, blank=True)
    # Conditional GET: what the server sent last time, sent back as If-None-Match /
    # If-Modified-Since so an unchanged feed answers 304.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    # Set by the run fetching this feed, cleared when it is done: a run started meanwhile
    # (cron every few minutes, a slow server) leaves the feed alone. A run that died leaves
    # it set; it lapses after the longest a fetch can take.
    fetching_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("nguồn tin ngoài")
        verbose_name_plural = _("nguồn tin ngoài")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Another address is another feed: the old ETag and date must not be sent to it.
        if self.pk and (
            ExternalFeed.objects.filter(pk=self.pk).values_list("url", flat=True).first()
            != self.url
        ):
            self.etag = self.last_modified = ""
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.placement == self.Placement.UNIT and not self.unit_id:
            raise ValidationError({"unit": _("Chọn đơn vị có trang hiện tin của nguồn này.")})
        if self.placement == self.Placement.HOME:
            self.unit = None


class FeedItemQuerySet(models.QuerySet):
    def shown(self):
        """Items of active feeds, newest first, with their feed (one query)."""
        return (
            self.filter(feed__active=True).select_related("feed").order_by("-published_at", "-pk")
        )

    def for_home(self):
        return self.shown().filter(feed__placement=ExternalFeed.Placement.HOME)

    def for_unit(self, unit):
        return self.shown().filter(feed__placement=ExternalFeed.Placement.UNIT, feed__unit=unit)


class FeedItem(models.Model):
    """One entry of a feed, as the feed gave it: text only, sanitised (newsfeeds.parsing)."""

    feed = models.ForeignKey(
        ExternalFeed, verbose_name=_("nguồn"), on_delete=models.CASCADE, related_name="items"
    )
    guid = models.CharField(_("mã tin (GUID)"), max_length=500)
    link = models.URLField(_("liên kết bài gốc"), max_length=1000)
    title = models.CharField(_("tiêu đề"), max_length=500)
    summary = models.TextField(_("tóm tắt"), blank=True)
    image_url = models.URLField(_("địa chỉ ảnh"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("ngày đăng"), db_index=True)
    source = models.CharField(_("nguồn tin"), max_length=255)
    fetched_at = models.DateTimeField(_("ngày lấy về"), auto_now_add=True)
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("bài nháp đã tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FeedItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("tin từ nguồn ngoài")
        verbose_name_plural = _("tin từ nguồn ngoài")
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="feeditem_unique_guid"),
        ]
        indexes = [models.Index(fields=["feed", "link"], name="feeditem_feed_link")]

    def __str__(self):
        return self.title
