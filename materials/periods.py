"""The month a material is for, and its kind: the rules the model, the forms, the index,
the home block and the feeds share."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The Party's founding: no material is older.
FIRST_YEAR = 1930
MONTHS = [(month, f"Tháng {month}") for month in range(1, 13)]


class Kind(models.TextChoices):
    """What a monthly material is. The two periodic kinds come once a month per unit."""

    CELL_MEETING = "sinh-hoat-chi-bo", _("Tài liệu sinh hoạt chi bộ")
    PROPAGANDA_NEWS = "thong-tin-tuyen-giao", _("Thông tin công tác tuyên giáo")
    OTHER = "khac", _("Tài liệu khác")


# One of each per unit and month; "khác" (đề cương tuyên truyền of an anniversary…) may
# come several times in a month.
PERIODIC_KINDS = (Kind.CELL_MEETING, Kind.PROPAGANDA_NEWS)
# How the kinds are listed within a month.
KIND_ORDER = {kind: position for position, kind in enumerate(Kind)}


def last_year():
    """The latest year a material may be for: next year's are prepared in December."""
    return timezone.localdate().year + 1


def period_label(month, year):
    """``Tháng 12/2026``."""
    return f"Tháng {month}/{year}"


def this_month():
    """(year, month) today, in the portal's time zone."""
    today = timezone.localdate()
    return today.year, today.month
