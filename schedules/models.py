"""Lịch công tác: a unit's weekly work schedule of its leaders.

``ScheduleIndexPage`` ("Lịch công tác", one per unit) holds one ``WeeklySchedulePage`` per
ISO week; a week holds its ``ScheduleItem`` rows (day, time, content, who chairs…), ordered
by day and time. ``ScheduleDirectoryPage`` is the site-wide entry point listing every unit's
schedule. What changed in a published item is recorded by ``WeeklySchedulePage.track_changes``
(called by the admin form when an editor saves) and shown on the page.
"""

import datetime
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from portal.visibility import visible
from units.models import PortalPage, UnitPage, attach_owning_units

from . import weeks
from .forms import WeeklyScheduleForm
from .panels import OverlapPanel

# An item with no end time is taken to last this long when looking for overlaps.
ASSUMED_DURATION = datetime.timedelta(hours=1)
# Weeks the iCalendar feed holds: this many before the current one, and every later week.
ICS_PAST_WEEKS = 8


class ScheduleIndexPage(RoutablePageMixin, PortalPage):
    """Lịch công tác of one unit: this week by default, any week on request, an .ics feed."""

    leadership = models.CharField(
        _("lịch của"),
        max_length=150,
        help_text=_(
            "Phần cuối tiêu đề mỗi tuần: “Lịch công tác tuần từ … đến … của <b>Thường trực "
            "Tỉnh ủy</b>”. Ví dụ: Thường trực Tỉnh ủy, Thường trực Huyện ủy."
        ),
    )
    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = ["units.UnitPage"]
    subpage_types = ["schedules.WeeklySchedulePage"]
    max_count_per_parent = 1
    template = "pages/schedule_index_page.html"
    content_panels = PortalPage.content_panels + ["leadership", "intro"]
    search_fields = PortalPage.search_fields + [index.SearchField("leadership")]
    api_fields = [APIField("leadership"), APIField("intro")]

    class Meta:
        verbose_name = _("lịch công tác")
        verbose_name_plural = _("lịch công tác")

    def weeks(self, request):
        return visible(WeeklySchedulePage.objects.child_of(self), request)

    def week_page(self, request, monday):
        return self.weeks(request).filter(week_start=monday).first()

    @path("")
    def week_view(self, request):
        monday, message = weeks.parse_week(request.GET)
        context = week_context(self, monday, self.week_page(request, monday), request)
        context["week_message"] = message
        printing = request.GET.get("in") == "1"
        template = "pages/schedule_print_page.html" if printing else None
        return self.render(request, template=template, context_overrides=context)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["unit"] = self.owning_unit
        context["recent_weeks"] = list(
            self.weeks(request)
            .order_by("-week_start")
            .only("id", "path", "depth", "url_path", "slug", "title", "week_start")[:8]
        )
        return context


def week_context(index, monday, week, request):
    """What the week component shows (index page, week page, print layout)."""
    items = week.sorted_items() if week is not None else []
    return {
        "index": index,
        "week_start": monday,
        "week": week,
        "week_title": week.title if week else WeeklySchedulePage.title_for(monday, index),
        "days": group_by_day(monday, items),
        "week_param": weeks.week_param(monday),
        "week_label": weeks.week_label(monday),
        "previous_week": weeks.week_param(monday - datetime.timedelta(days=7)),
        "next_week": weeks.week_param(monday + datetime.timedelta(days=7)),
        "is_this_week": monday == weeks.this_week(),
        "index_url": index.get_url(request),
    }


def group_by_day(monday, items):
    """``[(day, [items])]``: Monday to Friday always, the weekend when it has items."""
    by_day = {day: [] for day in weeks.week_days(monday)}
    for item in items:
        by_day.setdefault(item.day, []).append(item)
    return [
        (day, day_items)
        for day, day_items in sorted(by_day.items())
        if day_items or day.weekday() < 5
    ]


def _item_json(item):
    return {
        "day": item.day,
        "start_time": item.start_time,
        "end_time": item.end_time,
        "content": item.content,
        "chair": item.chair,
        "participants": item.participants,
        "place": item.place,
        "preparing": item.preparing,
        "note": item.note,
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "change_note": item.change_note,
        "changed_at": item.changed_at,
        "change_summary": item.change_summary,
    }


class ScheduleItemsField(serializers.Field):
    """The week's items for the API, in order (prefetched for a page of results)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return [_item_json(item) for item in page.sorted_items()]


class WeeklySchedulePage(PortalPage):
    """One ISO week of a unit's schedule; its title is computed from the week."""

    week_start = models.DateField(
        _("tuần bắt đầu từ thứ Hai"), help_text=_("Ngày thứ Hai của tuần, ví dụ 30/11/2026.")
    )
    note = models.TextField(_("ghi chú chung của tuần"), blank=True)

    parent_page_types = ["schedules.ScheduleIndexPage"]
    subpage_types = []
    template = "pages/weekly_schedule_page.html"
    base_form_class = WeeklyScheduleForm

    content_panels = [
        FieldPanel("week_start"),
        OverlapPanel(heading=_("Kiểm tra trùng lịch")),
        InlinePanel(
            "items",
            label=_("Mục lịch"),
            heading=_("Các mục lịch (tự sắp theo ngày, giờ)"),
            help_text=_(
                "Sửa một mục đã đăng thì trang ghi lại giờ sửa và nội dung thay đổi; "
                "đặt trạng thái “Hoãn” hoặc “Hủy” thay vì xóa mục."
            ),
        ),
        "note",
    ]
    # The slug follows the week (tuan-2026-49): not an editor's field.
    promote_panels = [
        MultiFieldPanel(["seo_title", "search_description"], heading=_("Cho công cụ tìm kiếm")),
    ]

    search_fields = PortalPage.search_fields + [
        index.SearchField("note"),
        index.RelatedFields(
            "items",
            [
                index.SearchField("content"),
                index.SearchField("chair"),
                index.SearchField("participants"),
                index.SearchField("place"),
            ],
        ),
        index.FilterField("week_start"),
    ]

    api_fields = [
        APIField("week_start"),
        APIField("week_end", serializer=serializers.DateField(read_only=True)),
        APIField("note"),
        APIField("items", serializer=ScheduleItemsField()),
    ]

    class Meta:
        verbose_name = _("lịch công tác tuần")
        verbose_name_plural = _("lịch công tác tuần")
        indexes = [models.Index(fields=["week_start"], name="schedule_week_start")]

    @property
    def week_end(self):
        return self.week_start + datetime.timedelta(days=6) if self.week_start else None

    @staticmethod
    def title_for(monday, index):
        leadership = getattr(index, "leadership", "") or ""
        title = f"Lịch công tác tuần {weeks.week_label(monday)}"
        return f"{title} của {leadership}" if leadership else title

    @staticmethod
    def slug_for(monday):
        year, week, _weekday = monday.isocalendar()
        return f"tuan-{year}-{week:02d}"

    def set_title_and_slug(self, index):
        if self.week_start:
            self.title = self.title_for(self.week_start, index)
            self.slug = self.slug_for(self.week_start)

    def full_clean(self, *args, **kwargs):
        parent = getattr(self, "_cached_parent_obj", None) or (
            self.get_parent() if self.path else None
        )
        if parent is not None:
            self.set_title_and_slug(parent.specific)
        super().full_clean(*args, **kwargs)

    def sorted_items(self):
        """Items by day and time, in memory too (previews, revisions)."""
        prefetched = "items" in getattr(self, "_prefetched_objects_cache", {})
        items = self.items.all() if prefetched else self.items.select_related("preparing_unit")
        return sorted(
            items,
            key=lambda item: (item.day or datetime.date.min, item.start_time or datetime.time()),
        )

    def leader_overlaps(self):
        """``[(leader, first, second)]``: items of the same chairing leader that overlap."""
        by_leader = {}
        for item in self.sorted_items():
            key = " ".join((item.chair or "").split()).casefold()
            if key and item.day and item.start_time and item.status in ScheduleItem.TAKING_PLACE:
                by_leader.setdefault(key, []).append(item)
        found = []
        for items in by_leader.values():
            for position, first in enumerate(items):
                for second in items[position + 1 :]:
                    if second.starts_at() >= first.ends_at():
                        break
                    found.append((first.chair, first, second))
        return found

    def track_changes(self, now=None):
        """Record, on each item, what changed since the live version, and when.

        Only once the week has been published: before that nothing was announced. An item
        with no change keeps what it recorded earlier (its revision carries it).
        """
        if self.pk is None or not Page.objects.filter(pk=self.pk, live=True).exists():
            return
        now = now or timezone.now()
        live = {item.uid: item for item in ScheduleItem.objects.filter(page_id=self.pk)}
        for item in self.items.all():
            before = live.get(item.uid)
            summary = item.describe_changes(before)
            if not summary:
                continue
            moved = before is not None and any(
                name != "status" for name in item.changed_fields(before)
            )
            if moved and item.status == ScheduleItem.Status.NORMAL:
                item.status = ScheduleItem.Status.CHANGED
            if summary != item.change_summary:
                item.change_summary = summary
                item.changed_at = now
                item.sequence = (before.sequence if before else 0) + 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index = self.get_parent().specific
        context.update(week_context(index, self.week_start, self, request))
        context["unit"] = self.owning_unit
        return context


class ScheduleItem(models.Model):
    """One entry of a week: when, what, who chairs, who attends, where, who prepares."""

    class Status(models.TextChoices):
        NORMAL = "normal", _("Bình thường")
        CHANGED = "changed", _("Điều chỉnh")
        POSTPONED = "postponed", _("Hoãn")
        CANCELLED = "cancelled", _("Hủy")

    TAKING_PLACE = (Status.NORMAL, Status.CHANGED)

    page = ParentalKey(WeeklySchedulePage, on_delete=models.CASCADE, related_name="items")
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    day = models.DateField(_("ngày"))
    start_time = models.TimeField(_("giờ bắt đầu"))
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    content = models.TextField(_("nội dung"), max_length=2000)
    chair = models.CharField(
        _("chủ trì"), max_length=255, blank=True, help_text=_("Ví dụ: Đồng chí Bí thư Tỉnh ủy")
    )
    participants = models.TextField(_("thành phần"), max_length=2000, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    preparing_unit = models.ForeignKey(
        UnitPage,
        verbose_name=_("đơn vị chuẩn bị (trên cổng)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    preparing_text = models.CharField(
        _("đơn vị chuẩn bị (ghi tên)"),
        max_length=255,
        blank=True,
        help_text=_("Khi đơn vị chuẩn bị không có trên cổng, hoặc ghi thêm."),
    )
    note = models.TextField(_("ghi chú"), max_length=2000, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.NORMAL
    )
    change_note = models.CharField(
        _("lý do, nội dung điều chỉnh"),
        max_length=500,
        blank=True,
        help_text=_("Hiện cùng thông báo điều chỉnh, hoãn, hủy. Ví dụ: Do thay đổi thời gian."),
    )
    # Written by WeeklySchedulePage.track_changes, not by editors.
    changed_at = models.DateTimeField(_("điều chỉnh lúc"), null=True, blank=True, editable=False)
    change_summary = models.TextField(_("nội dung thay đổi"), blank=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    panels = [
        FieldRowPanel(["day", "start_time", "end_time"]),
        "content",
        FieldRowPanel(["chair", "place"]),
        "participants",
        FieldRowPanel(
            [FieldPanel("preparing_unit", widget=forms.Select), "preparing_text"],
        ),
        "note",
        FieldRowPanel(["status", "change_note"]),
    ]

    # Compared with the live version to tell readers what changed (label, how shown).
    TRACKED = (
        ("day", _("Ngày")),
        ("start_time", _("Giờ bắt đầu")),
        ("end_time", _("Giờ kết thúc")),
        ("content", _("Nội dung")),
        ("chair", _("Chủ trì")),
        ("participants", _("Thành phần")),
        ("place", _("Địa điểm")),
        ("preparing_unit_id", _("Đơn vị chuẩn bị")),
        ("preparing_text", _("Đơn vị chuẩn bị")),
        ("status", _("Trạng thái")),
    )

    class Meta:
        ordering = ["day", "start_time", "pk"]
        verbose_name = _("mục lịch công tác")
        verbose_name_plural = _("mục lịch công tác")

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.start_time:%H:%M} {self.content[:60]}"

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Giờ kết thúc phải sau giờ bắt đầu.")})

    def starts_at(self):
        return datetime.datetime.combine(self.day, self.start_time)

    def ends_at(self):
        if self.end_time:
            return datetime.datetime.combine(self.day, self.end_time)
        return self.starts_at() + ASSUMED_DURATION

    @property
    def preparing(self):
        names = [self.preparing_unit.display_name] if self.preparing_unit_id else []
        if self.preparing_text:
            names.append(self.preparing_text)
        return "; ".join(names)

    @property
    def is_called_off(self):
        return self.status in (self.Status.POSTPONED, self.Status.CANCELLED)

    @property
    def change_notice(self):
        """``Điều chỉnh lúc 14:05 03/12/2026: Giờ bắt đầu: 08:00 → 14:00 (lý do)``, or ""."""
        if not self.changed_at:
            return ""
        label = self.get_status_display() if self.status != self.Status.NORMAL else "Cập nhật"
        when = timezone.localtime(self.changed_at)
        notice = f"{label} lúc {when:%H:%M %d/%m/%Y}: {self.change_summary}"
        return notice + (f" ({self.change_note})" if self.change_note else "")

    def changed_fields(self, before):
        return [
            name for name, _label in self.TRACKED if getattr(self, name) != getattr(before, name)
        ]

    def describe_changes(self, before):
        """``Giờ bắt đầu: 08:00 → 14:00; Địa điểm: …``, or "" when nothing changed."""
        if before is None:
            return str(_("Bổ sung mục mới"))
        parts = []
        for name in self.changed_fields(before):
            label = dict(self.TRACKED)[name]
            if name in ("content", "participants"):
                parts.append(f"{label}: đã sửa")
            else:
                old, new = _shown(before, name), _shown(self, name)
                parts.append(f"{label}: {old or '(trống)'} → {new or '(trống)'}")
        return "; ".join(parts)


def _shown(item, name):
    value = getattr(item, name)
    if value is None or value == "":
        return ""
    if name == "day":
        return f"{weeks.weekday_name(value)}, {value:%d/%m/%Y}"
    if name in ("start_time", "end_time"):
        return f"{value:%H:%M}"
    if name == "status":
        return str(ScheduleItem.Status(value).label)
    if name == "preparing_unit_id":
        unit = UnitPage.objects.filter(pk=value).only("title", "short_name").first()
        return unit.display_name if unit else ""
    return str(value)


class ScheduleDirectoryPage(PortalPage):
    """Lịch công tác (site-wide): every unit that publishes a schedule, this week's count."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = ["home.HomePage"]
    owning_unit = None  # never inside a unit (parent_page_types): no query for it
    subpage_types = []
    max_count_per_parent = 1
    template = "pages/schedule_directory_page.html"
    content_panels = PortalPage.content_panels + ["intro"]

    class Meta:
        verbose_name = _("danh sách lịch công tác")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        monday = weeks.this_week()
        this_week = visible(WeeklySchedulePage.objects, request).filter(week_start=monday)
        indexes = list(
            visible(ScheduleIndexPage.objects, request)
            .descendant_of(self.get_parent())
            .order_by("path")
        )
        attach_owning_units(indexes)
        counts = dict(
            ScheduleItem.objects.filter(page__in=this_week)
            .values("page__path")
            .annotate(n=Count("pk", filter=Q(status__in=ScheduleItem.TAKING_PLACE)))
            .values_list("page__path", "n")
        )
        steplen = Page.steplen
        context["schedules"] = [
            (
                index,
                sum(n for path, n in counts.items() if path[:-steplen] == index.path),
            )
            for index in indexes
        ]
        context["week_start"] = monday
        context["week_label"] = weeks.week_label(monday)
        return context
