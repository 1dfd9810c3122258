"""Feedback and questions from the public (góp ý – hỏi đáp) and consultations on drafts.

What a person sends is a ``FeedbackItem``: private, seen in the admin only by the people of
the unit it is addressed to (and of the units above it) and by administrators. The public
never reads it. An answered question becomes public only as a ``QuestionPage``, written
when an approver approves publication, and holding only the subject, question, reply,
unit, category and dates, so pages, feeds, sitemaps and search can never reach a sender's
name, e-mail, phone or address.
"""

import datetime
import html
import re
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from units.models import PortalPage, UnitPage

# Tracking codes: no 0/O, 1/I/L, so a code read over the phone is typed right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_tracking_code() -> str:
    return "GY-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value: str) -> str:
    value = (value or "").strip().upper().replace(" ", "")
    return value if value.startswith("GY-") else f"GY-{value}"


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """``days`` working days (Monday to Friday) after ``start``. Public holidays are not
    counted out: the province publishes them each year, and they are not data here yet."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def private_storage():
    """Attachments live outside MEDIA_ROOT, with no URL: only the admin view serves them."""
    return FileSystemStorage(location=settings.FEEDBACK_PRIVATE_ROOT, base_url=None)


def attachment_path(instance, filename):
    # The name is random; the extension comes from the checked content type, not the upload.
    return f"feedback/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{instance.attachment_suffix}"


class Category(models.Model):
    """What an item is about (lĩnh vực), with the response deadline in working days."""

    name = models.CharField(_("tên lĩnh vực"), max_length=150, unique=True)
    response_days = models.PositiveSmallIntegerField(
        _("thời hạn trả lời (ngày làm việc)"), default=15
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    panels = ["name", "response_days", "sort_order"]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("lĩnh vực góp ý")
        verbose_name_plural = _("lĩnh vực góp ý")

    def __str__(self):
        return self.name


class FeedbackItemQuerySet(models.QuerySet):
    OPEN = ("new", "in_progress")

    def open(self):
        return self.filter(status__in=self.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class FeedbackItem(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Mới tiếp nhận")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        ANSWERED = "answered", _("Đã trả lời")
        CLOSED = "closed", _("Đã đóng")
        SPAM = "spam", _("Thư rác")
        DUPLICATE = "duplicate", _("Trùng lặp")

    tracking_code = models.CharField(_("mã tra cứu"), max_length=20, unique=True)
    # The sender: private, never on a public page.
    name = models.CharField(_("họ và tên"), max_length=150)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    # What was sent.
    unit = models.ForeignKey(
        UnitPage,
        verbose_name=_("đơn vị nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_items",
        help_text=_("Để trống: Văn phòng chuyển đến đơn vị phù hợp."),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="items"
    )
    consultation = models.ForeignKey(
        "feedback.ConsultationPage",
        verbose_name=_("dự thảo lấy ý kiến"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    subject = models.CharField(_("tiêu đề"), max_length=255)
    message = models.TextField(_("nội dung"))
    attachment = models.FileField(
        _("tệp đính kèm"),
        storage=private_storage,
        upload_to=attachment_path,
        max_length=200,
        blank=True,
    )
    attachment_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    attachment_type = models.CharField(_("loại tệp"), max_length=50, blank=True)
    consent_publish = models.BooleanField(_("đồng ý công bố ẩn danh"), default=False)
    # Handling.
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("ngày nhận"), default=timezone.now, db_index=True)
    due_date = models.DateField(_("hạn trả lời"), db_index=True)
    reply = RichTextField(_("trả lời"), blank=True)
    replied_at = models.DateTimeField(_("ngày trả lời"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publication_approved_at = models.DateTimeField(_("ngày duyệt công bố"), null=True, blank=True)
    publication_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt công bố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    public_page = models.ForeignKey(
        "feedback.QuestionPage",
        verbose_name=_("trang hỏi đáp công khai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    closed_at = models.DateTimeField(_("ngày đóng"), null=True, blank=True)

    objects = FeedbackItemQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("góp ý, câu hỏi")
        verbose_name_plural = _("góp ý – hỏi đáp")

    def __str__(self):
        return f"{self.tracking_code} – {Truncator(self.subject).chars(60)}"

    @property
    def attachment_suffix(self):
        return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
            self.attachment_type, ""
        )

    @property
    def is_open(self):
        return self.status in FeedbackItemQuerySet.OPEN

    @property
    def is_overdue(self):
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def can_be_published(self):
        return self.status == self.Status.ANSWERED and self.consent_publish and bool(self.reply)

    @property
    def reply_text(self):
        """The reply as plain text (for mail and export)."""
        text = re.sub(r"</p>|</li>|<br\s*/?>", "\n", self.reply or "")
        return html.unescape(strip_tags(text)).strip()


class OutgoingMail(models.Model):
    """A message to a sender, written in the same transaction as the change it reports.

    Sent after commit; a failed send stays here and ``send_feedback_mail`` retries it, so
    a mail server being down never loses or blocks an item.
    """

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Xác nhận đã nhận")
        ANSWERED = "answered", _("Thông báo đã trả lời")

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    to_address = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # A sender claims a row until this time, so cron and an after-commit send never
    # both send it.
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("thư gửi người góp ý")
        verbose_name_plural = _("thư gửi người góp ý")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.item.tracking_code}"


# --- public pages ---------------------------------------------------------


class QAIndexPage(PortalPage):
    """Hỏi đáp: the published questions, by unit and by category, with a feed."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["feedback.QuestionPage"]
    max_count_per_parent = 1
    template = "pages/qa_index_page.html"

    content_panels = PortalPage.content_panels + ["intro"]

    class Meta:
        verbose_name = _("trang hỏi đáp")

    def get_context(self, request, *args, **kwargs):
        from portal.pagination import paginate
        from portal.visibility import visible

        from .filters import QAFilterForm

        context = super().get_context(request, *args, **kwargs)
        filters = QAFilterForm(
            request.GET or None, units=UnitPage.objects.live(), categories=Category.objects.all()
        )
        questions = visible(QuestionPage.objects.child_of(self), request).select_related(
            "unit", "category"
        )
        if filters.is_bound and filters.is_valid():
            if unit := filters.cleaned_data.get("don_vi"):
                questions = questions.filter(unit__path__startswith=unit.path)
            if category := filters.cleaned_data.get("linh_vuc"):
                questions = questions.filter(category=category)
        context["filters"] = filters
        context["questions"] = paginate(request, questions.order_by("-answered_on", "-pk"))
        return context


class QuestionPage(PortalPage):
    """One published question and its answer. Holds no personal data by construction."""

    question = models.TextField(_("câu hỏi"))
    reply = RichTextField(_("trả lời"))
    unit = models.ForeignKey(
        UnitPage,
        verbose_name=_("đơn vị trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asked_on = models.DateField(_("ngày hỏi"))
    answered_on = models.DateField(_("ngày trả lời"))

    parent_page_types = ["feedback.QAIndexPage"]
    subpage_types = []
    template = "pages/question_page.html"

    content_panels = PortalPage.content_panels + [
        "question",
        "reply",
        FieldRowPanel(["unit", "category"]),
        FieldRowPanel(["asked_on", "answered_on"]),
    ]
    search_fields = PortalPage.search_fields + [
        index.SearchField("question"),
        index.SearchField("reply"),
        index.FilterField("unit"),
        index.FilterField("category"),
    ]

    class Meta:
        verbose_name = _("câu hỏi đã trả lời")
        verbose_name_plural = _("câu hỏi đã trả lời")

    # What the shared search shows as the excerpt and the date.
    @property
    def summary(self):
        return self.question

    @property
    def date(self):
        return self.answered_on


class ConsultationIndexPage(PortalPage):
    """Lấy ý kiến: every consultation of every unit, open ones first."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "pages/consultation_index_page.html"

    content_panels = PortalPage.content_panels + ["intro"]

    class Meta:
        verbose_name = _("trang lấy ý kiến")

    def get_context(self, request, *args, **kwargs):
        from portal.pagination import paginate
        from portal.visibility import visible

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        consultations = visible(ConsultationPage.objects, request).descendant_of(
            self.get_site().root_page
        )
        context["open_consultations"] = consultations.filter(
            opens_on__lte=today, closes_on__gte=today
        ).order_by("closes_on", "pk")
        context["past_consultations"] = paginate(
            request, consultations.filter(closes_on__lt=today).order_by("-closes_on", "-pk")
        )
        return context


class ConsultationPage(PortalPage):
    """A draft open for comment (Regulation 09-QC/TW): the draft, the deadline, the
    receiving unit's address and e-mail, a comment form, and after closing the summary
    of the opinions received. It lives in the receiving unit, so that unit's editors
    write it and its approvers publish it (and the summary) through the unit's workflow."""

    intro = models.TextField(_("nội dung xin ý kiến"))
    draft = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("dự thảo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opens_on = models.DateField(_("ngày bắt đầu nhận ý kiến"))
    closes_on = models.DateField(_("hạn cuối nhận ý kiến"))
    receiving_address = models.CharField(_("địa chỉ nhận ý kiến"), max_length=255)
    receiving_email = models.EmailField(_("thư điện tử nhận ý kiến"))
    category = models.ForeignKey(
        Category,
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Ý kiến gửi về được xếp vào lĩnh vực này, với thời hạn của lĩnh vực."),
    )
    opinions_summary = RichTextField(
        _("tổng hợp ý kiến"),
        blank=True,
        help_text=_("Chỉ hiện trên trang sau khi hết hạn nhận ý kiến."),
    )

    parent_page_types = ["units.UnitPage"]
    subpage_types = []
    template = "pages/consultation_page.html"

    content_panels = PortalPage.content_panels + [
        "intro",
        "draft",
        FieldRowPanel(["opens_on", "closes_on"]),
        MultiFieldPanel(
            ["receiving_address", "receiving_email", FieldPanel("category")],
            heading=_("Nơi nhận ý kiến"),
        ),
        "opinions_summary",
    ]
    search_fields = PortalPage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("dự thảo lấy ý kiến")
        verbose_name_plural = _("dự thảo lấy ý kiến")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("Hạn cuối phải sau ngày bắt đầu.")})

    @property
    def is_open(self):
        return self.opens_on <= timezone.localdate() <= self.closes_on

    @property
    def is_closed(self):
        return timezone.localdate() > self.closes_on

    @cached_property
    def comment_count(self):
        return self.comments.exclude(
            status__in=[FeedbackItem.Status.SPAM, FeedbackItem.Status.DUPLICATE]
        ).count()

    def serve(self, request, *args, **kwargs):
        # The draft with its comment form: the view (feedback.views, built on this module)
        # registers itself with the "serve_consultation_page" hook (feedback.wagtail_hooks).
        [view] = hooks.get_hooks("serve_consultation_page")
        return view(request, self)
