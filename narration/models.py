"""The spoken version of an article: one row per page, its MP3 in the media storage."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Narration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ tạo")
        GENERATING = "generating", _("Đang tạo")
        READY = "ready", _("Đã có")
        FAILED = "failed", _("Lỗi")

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="narration"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="narration/", blank=True)
    # What the file was made from: the normalised text and the engine with its options.
    # A publish whose text or engine differs asks for a new file.
    text_hash = models.CharField(max_length=64, blank=True)
    engine = models.CharField(max_length=100, blank=True)
    duration = models.FloatField(null=True, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    # A run takes a pending row by setting this (one conditional UPDATE); a claim left by a
    # run that died lapses, as fetch_feeds' claims do.
    claimed_until = models.DateTimeField(null=True, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bản đọc bài")
        verbose_name_plural = _("bản đọc bài")
        indexes = [models.Index(fields=["status", "requested_at"], name="narration_queue")]

    def __str__(self):
        return f"{self.page_id}: {self.get_status_display()}"
