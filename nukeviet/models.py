"""What the NukeViet import remembers between runs: which old row became which new object."""

from django.db import models
from django.utils import timezone


class ImportKey(models.Model):
    """One old NukeViet row (or uploaded file) and the portal object made from it.

    A second run finds the row here: unchanged (same checksum) it is skipped, changed it
    updates the same object, so nothing is ever created twice.
    """

    class Kind(models.TextChoices):
        NEWS_CATEGORY = "news_cat", "news category → SectionPage"
        NEWS_TOPIC = "news_topic", "news topic → TopicPage"
        NEWS = "news", "news row → ArticlePage"
        LAWS = "laws", "laws row → DirectivePage"
        FAQ = "faq", "faq row → QuestionPage"
        IMAGE = "image", "uploaded image → Image"
        FILE = "file", "uploaded file → Document"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The old id, or for files their path under uploads/ (hashed past 255 characters).
    old_id = models.CharField(max_length=255)
    object_id = models.PositiveBigIntegerField()
    checksum = models.CharField(max_length=40, blank=True)
    old_url = models.CharField(max_length=255, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)
    # HTML fragments that could not be converted, for the report and the editor.
    unconverted = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "old_id"], name="nukeviet_importkey_unique")
        ]

    def __str__(self):
        return f"{self.kind}:{self.old_id} → {self.object_id}"
