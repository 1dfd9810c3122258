"""Visit figures (per day) and page views, written in batches by ``visits.counters``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyVisits(models.Model):
    """Visits of one day, written in batches by ``visits.counters``."""

    date = models.DateField(_("ngày"), unique=True)
    visits = models.PositiveBigIntegerField(_("lượt truy cập"), default=0)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("lượt truy cập theo ngày")
        verbose_name_plural = _("lượt truy cập theo ngày")

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.visits}"


class PageViews(models.Model):
    """How often a page was read, written in batches by ``visits.counters``."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    views = models.PositiveBigIntegerField(_("lượt xem"), default=0)

    class Meta:
        verbose_name = _("lượt xem trang")
        verbose_name_plural = _("lượt xem trang")

    def __str__(self):
        return f"{self.page_id}: {self.views}"
