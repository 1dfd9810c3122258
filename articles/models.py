"""Content a unit owns: news sections and articles, Party documents, topics (chuyên đề)."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.apifields import (
    AttachmentSerializer,
    CodedSerializer,
    IssuersField,
    NamedSerializer,
    PublicPagesField,
    TagNamesField,
    TermSerializer,
)
from portal.pagination import paginate
from portal.visibility import visible
from units.forms import PortalPageForm
from units.models import (
    IssuerKind,
    PortalPage,
    abbreviation_validator,
    attach_owning_units,
)

from .attachments import PENDING, extract_attachments, schedule, source_key
from .authority import refusal_message, refusals
from .blocks import ArticleBodyBlock
from .signing import signature_block, signing_line
from .symbols import MAX_NUMBER, format_number_symbol


class DocumentType(models.Model):
    """Nghị quyết (NQ), Chỉ thị (CT), Kết luận (KL)… an editable list."""

    name = models.CharField(_("tên loại văn bản"), max_length=100, unique=True)
    code = models.CharField(
        _("viết tắt"), max_length=16, unique=True, validators=[abbreviation_validator]
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    needs_implementation = models.BooleanField(
        _("cấp dưới phải triển khai"),
        default=False,
        help_text=_(
            "Nghị quyết, chỉ thị, kết luận…: trang văn bản hiện cây triển khai và các cấp ủy "
            "trực thuộc chưa ban hành văn bản triển khai."
        ),
    )

    panels = [FieldRowPanel(["name", "code"]), "sort_order", "needs_implementation"]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")

    def __str__(self):
        return f"{self.name} ({self.code})"


class AuthorityRule(models.Model):
    """Issuers of one kind do not issue one document type (Quy định 66-QĐ/TW): checked
    when a document is saved in the admin; only an administrator may override it, with a
    reason kept in the audit log (articles.authority)."""

    issuer_kind = models.CharField(
        _("loại cơ quan ban hành"),
        max_length=20,
        choices=[choice for choice in IssuerKind.choices if choice[0]],
    )
    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("loại văn bản không được ban hành"),
        on_delete=models.CASCADE,
        related_name="authority_rules",
    )
    basis = models.CharField(
        _("căn cứ"),
        max_length=255,
        help_text=_("Văn bản quy định, ví dụ: Quy định 66-QĐ/TW, Điều 7 khoản 2"),
    )

    panels = [FieldRowPanel(["issuer_kind", "document_type"]), "basis"]

    class Meta:
        ordering = ["issuer_kind", "document_type__sort_order"]
        verbose_name = _("thẩm quyền ban hành")
        verbose_name_plural = _("thẩm quyền ban hành")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_kind", "document_type"], name="authority_rule_unique"
            )
        ]

    def __str__(self):
        return _("%(kind)s không ban hành %(type)s") % {
            "kind": self.get_issuer_kind_display(),
            "type": self.document_type.name,
        }


class Term(models.Model):
    """A committee term (nhiệm kỳ / khóa): numbers restart in each one."""

    name = models.CharField(_("tên nhiệm kỳ"), max_length=100, unique=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    panels = ["name", FieldRowPanel(["start_date", "end_date"])]

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")

    def __str__(self):
        return self.name


class DocumentField(models.Model):
    """Lĩnh vực: xây dựng Đảng, kinh tế - xã hội, quốc phòng - an ninh…"""

    name = models.CharField(_("tên lĩnh vực"), max_length=100, unique=True)

    panels = ["name"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self):
        return self.name


class TopicIndexPage(PortalPage):
    """Chuyên đề: the list of campaigns."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = []  # where the home page's subpage_types put it
    owning_unit = None  # never inside a unit (parent_page_types): no query for it
    subpage_types = ["articles.TopicPage"]
    template = "pages/topic_index_page.html"
    max_count_per_parent = 1
    content_panels = PortalPage.content_panels + ["intro"]

    class Meta:
        verbose_name = _("danh sách chuyên đề")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = visible(TopicPage.objects.child_of(self), request).select_related(
            "image"
        )
        return context


class TopicPage(PortalPage):
    """A campaign across units; lists everything tagged with it, from every unit."""

    intro = models.TextField(_("giới thiệu"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_current = models.BooleanField(
        _("chuyên đề đang diễn ra"), default=True, help_text=_("Hiện trên trang chủ")
    )

    parent_page_types = ["articles.TopicIndexPage"]
    owning_unit = None  # never inside a unit (parent_page_types): no query for it
    subpage_types = []
    template = "pages/topic_page.html"
    content_panels = PortalPage.content_panels + ["intro", "image", "is_current"]
    search_fields = PortalPage.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("is_current"), APIField("image")]

    class Meta:
        verbose_name = _("chuyên đề")
        verbose_name_plural = _("chuyên đề")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = newest_first(
            visible(ArticlePage.objects, request).filter(tagged_with(ArticlePage, [self]))
        )
        context["articles"] = paginate(request, with_listing_relations(articles))
        attach_owning_units(context["articles"].object_list)
        context["directives"] = (
            visible(DirectivePage.objects, request)
            .filter(tagged_with(DirectivePage, [self]))
            .select_related("document_type")
            .order_by("-issue_date")[:10]
        )
        return context


def tagged_with(model, topics):
    """Condition: the page (an ``ArticlePage`` or ``DirectivePage``) has one of ``topics``.

    A correlated EXISTS rather than a join: a newest-first listing then reads the date
    index and stops after one page of results; a join first collects every page of the
    topic (15,000 of 100,000 articles) and sorts them. No DISTINCT is needed either.
    """
    through = model.topics.through
    return models.Exists(
        through.objects.filter(
            **{f"{model._meta.model_name}_id": models.OuterRef("pk")}, topicpage__in=topics
        )
    )


class SectionPage(PortalPage):
    """Chuyên mục: a group of a unit's news (Hoạt động của Ban Thường vụ, Xây dựng Đảng…)."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    parent_page_types = ["units.UnitPage"]
    subpage_types = ["articles.ArticlePage"]
    template = "pages/section_page.html"
    content_panels = PortalPage.content_panels + ["intro"]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = newest_first(visible(ArticlePage.objects, request).child_of(self))
        context["articles"] = paginate(request, with_listing_relations(articles))
        attach_owning_units(context["articles"].object_list)
        return context


RELATED_COUNT = 5


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


AUDIO_EXTENSIONS = ("mp3", "m4a")


class ArticlePage(PortalPage):
    """A news article (tin bài)."""

    lead = models.TextField(_("sapo"), max_length=1000, help_text=_("Đoạn mở đầu in đậm"))
    body = StreamField(ArticleBodyBlock(), verbose_name=_("nội dung"))
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh chính"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.CharField(_("tác giả"), max_length=255, blank=True)
    source = models.CharField(
        _("nguồn"), max_length=255, blank=True, help_text=_("Ví dụ: Báo Tây Ninh")
    )
    source_url = models.URLField(_("địa chỉ bài gốc"), blank=True)
    date = models.DateTimeField(_("ngày đăng"), default=timezone.now, db_index=True)
    featured = models.BooleanField(_("tin nổi bật"), default=False)
    topics = ParentalManyToManyField(
        "articles.TopicPage", verbose_name=_("chuyên đề"), blank=True, related_name="articles"
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("thẻ"))
    audio_recording = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("bản ghi âm đọc bài"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tệp MP3 hoặc M4A người đọc thu âm. Để trống: bài được đọc bằng giọng máy."),
    )

    parent_page_types = ["units.UnitPage", "articles.SectionPage"]
    subpage_types = []
    template = "pages/article_page.html"

    content_panels = [
        TitleFieldPanel("title"),
        "lead",
        "main_image",
        "body",
        MultiFieldPanel(
            [
                FieldRowPanel(["date", "featured"]),
                FieldRowPanel(["author", "source"]),
                "source_url",
                "audio_recording",
            ],
            heading=_("Thông tin bài"),
        ),
        MultiFieldPanel(
            [FieldPanel("topics", widget=forms.CheckboxSelectMultiple), "tags"],
            heading=_("Phân loại"),
        ),
    ]

    search_fields = PortalPage.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("date"),
        index.FilterField("featured"),
    ]

    # Read-only API (/api/v2/pages/?type=articles.ArticlePage).
    api_fields = [
        APIField("lead"),
        APIField("body"),
        APIField("main_image"),
        APIField(
            "main_image_thumbnail",
            serializer=ImageRenditionField("fill-800x450", source="main_image"),
        ),
        APIField("author"),
        APIField("source"),
        APIField("source_url"),
        APIField("date"),
        APIField("featured"),
        APIField("topics", serializer=PublicPagesField()),
        APIField("tags", serializer=TagNamesField()),
    ]

    # The listing date (listing_dates below): what listings show, sort and filter on.
    listing_date_field = "date"

    @property
    def listing_date(self):
        return timezone.localdate(self.date)

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        # Listings order by ("-date", "-pk"): an index on both columns gives that order
        # (read backwards) on PostgreSQL and SQLite alike, without a sort.
        indexes = [
            models.Index(fields=["date", "page_ptr"], name="article_listing_order"),
            # The home page's featured stories: without it, finding a few featured among
            # 100,000 articles reads the whole date index when few or none are featured.
            models.Index(
                fields=["date", "page_ptr"],
                condition=models.Q(featured=True),
                name="article_featured_order",
            ),
        ]

    def clean(self):
        super().clean()
        if self.audio_recording_id and self.audio_recording.file_extension.lower() not in (
            AUDIO_EXTENSIONS
        ):
            raise ValidationError({"audio_recording": _("Bản ghi âm phải là tệp MP3 hoặc M4A.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["unit"] = self.owning_unit
        context["topics"] = list(self.topics.all())
        context["related"] = self.related_articles(request, context["topics"], context["unit"])
        return context

    def related_articles(self, request, topics, unit, count=RELATED_COUNT):
        """Latest articles sharing a topic, then the latest of the same unit (two queries)."""
        others = newest_first(
            visible(ArticlePage.objects, request).exclude(pk=self.pk).only(*ARTICLE_LISTING_FIELDS)
        )
        related = list(others.filter(tagged_with(ArticlePage, topics))[:count]) if topics else []
        if len(related) < count and unit is not None:
            seen = [article.pk for article in related]
            related += list(others.descendant_of(unit).exclude(pk__in=seen)[: count - len(related)])
        return related


IMPLEMENTATION_DEPTH = 4  # central → province → district → commune, and one more


class DirectiveForm(PortalPageForm):
    authority_override_reason = forms.CharField(
        label=_("Lý do ban hành ngoài thẩm quyền (chỉ quản trị viên)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Chỉ điền khi văn bản thật sự do cơ quan này ban hành dù trái quy định về thẩm "
            "quyền; lý do được ghi vào nhật ký."
        ),
    )

    def clean(self):
        cleaned_data = super().clean()
        document_type = cleaned_data.get("document_type")
        issuers = [cleaned_data.get("issuer"), *self._co_issuers()]
        if self._unchanged(document_type, issuers):
            return cleaned_data  # saved before (an override stays valid while unchanged)
        refused = refusals(issuers, document_type)
        if not refused:
            return cleaned_data
        problems = [refusal_message(issuer, rule, document_type) for issuer, rule in refused]
        reason = " ".join(str(cleaned_data.get("authority_override_reason") or "").split())
        user = self.for_user
        if user is not None and user.is_superuser:
            if reason:
                self.instance._authority_override = {"reason": reason, "rules": problems}
                return cleaned_data
            self.add_error(
                "authority_override_reason",
                _("Văn bản trái thẩm quyền ban hành: ghi lý do để lưu ngoại lệ."),
            )
        else:
            problems.append(
                _(
                    "Chọn đúng cơ quan ban hành hoặc loại văn bản; nếu văn bản thật sự như vậy, "
                    "đề nghị quản trị viên lưu ngoại lệ kèm lý do."
                )
            )
        self.add_error("document_type", problems)
        return cleaned_data

    def _co_issuers(self):
        formset = self.formsets.get("co_issuers")
        if formset is None or not formset.is_valid():
            return []
        return [
            form.cleaned_data["issuer"]
            for form in formset.forms
            if form.cleaned_data.get("issuer") and not form.cleaned_data.get("DELETE")
        ]

    def _unchanged(self, document_type, issuers):
        page = self.instance
        if page.pk is None or document_type is None or page.document_type_id != document_type.pk:
            return False
        saved = [page.issuer_id, *(link.issuer_id for link in page.co_issuers.all())]
        return saved == [issuer.pk if issuer else None for issuer in issuers]

    def clean_number(self):
        # int() accepts any Unicode digits ("٣٥"); a register number is written 0-9 only.
        raw = str(self.data.get(self.add_prefix("number"), "")).strip()
        if not raw.isascii():
            raise forms.ValidationError(_("Số văn bản chỉ gồm chữ số 0–9."))
        return self.cleaned_data["number"]


def _relation(verbose_name, related_name):
    """A directed relation between documents (DirectivePage.RELATIONS shows both ways)."""
    return ParentalManyToManyField(
        "self",
        verbose_name=verbose_name,
        symmetrical=False,
        blank=True,
        related_name=related_name,
    )


class DirectivePage(PortalPage):
    """A Party document (văn bản): resolution, directive, conclusion, plan…"""

    class Status(models.TextChoices):
        NOT_YET = "not_yet", _("Chưa có hiệu lực")
        IN_FORCE = "in_force", _("Còn hiệu lực")
        PARTLY_EXPIRED = "partly_expired", _("Hết hiệu lực một phần")
        EXPIRED = "expired", _("Hết hiệu lực")
        REPLACED = "replaced", _("Đã được thay thế")

    # Relations between documents: field, what the document does to the other, and what the
    # other's page says of it (the reverse).
    RELATIONS = [
        ("implements", _("Triển khai"), _("Được triển khai bởi")),
        ("replaces", _("Thay thế"), _("Bị thay thế bởi")),
        ("amends", _("Sửa đổi"), _("Được sửa đổi bởi")),
        ("supplements", _("Bổ sung"), _("Được bổ sung bởi")),
        ("repeals", _("Bãi bỏ"), _("Bị bãi bỏ bởi")),
    ]

    class Authority(models.TextChoices):
        NONE = "", _("Ký trực tiếp")
        TM = "T/M", _("T/M (thay mặt)")
        KT = "K/T", _("K/T (ký thay)")
        TL = "T/L", _("T/L (thừa lệnh)")
        TUQ = "TUQ", _("TUQ (thừa ủy quyền)")

    class Source(models.TextChoices):
        OWN = "own", _("Văn bản của đơn vị")
        MIRRORED = "mirrored", _("Văn bản cấp trên đăng lại")

    number = models.PositiveIntegerField(
        _("số"), validators=[MinValueValidator(1), MaxValueValidator(MAX_NUMBER)]
    )
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("loại văn bản"), on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        "units.Issuer",
        verbose_name=_("cơ quan ban hành (chủ trì)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number_symbol = models.CharField(
        _("số, ký hiệu"), max_length=120, editable=False, db_index=True
    )
    term = models.ForeignKey(
        Term, verbose_name=_("nhiệm kỳ"), on_delete=models.PROTECT, related_name="+"
    )
    issue_date = models.DateField(_("ngày ban hành"), db_index=True)
    place = models.CharField(_("nơi ban hành"), max_length=100, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    signing_authority = models.CharField(
        _("thẩm quyền ký"), max_length=3, choices=Authority.choices, blank=True
    )
    signing_body = models.CharField(
        _("thay mặt / ký thay cho"),
        max_length=150,
        blank=True,
        help_text=_(
            "Tập thể hoặc người được ký thay (Hướng dẫn 36-HD/VPTW): “Ban Thường vụ”, "
            "“Bộ Chính trị” sau T/M; “Bí thư” sau K/T. Để trống với T/M: tên cơ quan ban hành."
        ),
    )
    summary = models.TextField(_("trích yếu"), max_length=2000)
    field = models.ForeignKey(
        DocumentField,
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    effective_date = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=Status.choices,
        default=Status.IN_FORCE,
        help_text=_(
            "“Chưa có hiệu lực” / “Còn hiệu lực” theo ngày hiệu lực; “Đã được thay thế” được "
            "đặt tự động khi văn bản thay thế được xuất bản."
        ),
    )
    source = models.CharField(
        _("nguồn văn bản"), max_length=10, choices=Source.choices, default=Source.OWN
    )
    topics = ParentalManyToManyField(
        "articles.TopicPage", verbose_name=_("chuyên đề"), blank=True, related_name="directives"
    )
    replaces = _relation(_("thay thế văn bản"), "replaced_by")
    implements = _relation(_("triển khai thực hiện văn bản"), "implemented_by")
    amends = _relation(_("sửa đổi văn bản"), "amended_by")
    supplements = _relation(_("bổ sung văn bản"), "supplemented_by")
    repeals = _relation(_("bãi bỏ văn bản"), "repealed_by")
    # Text of the attached PDF/DOCX files, indexed with the document (articles.attachments).
    attachment_text = models.TextField(_("nội dung tệp đính kèm"), blank=True, editable=False)
    attachment_errors = models.TextField(
        _("lỗi trích nội dung tệp đính kèm"), blank=True, editable=False
    )
    attachment_source = models.CharField(max_length=500, blank=True, editable=False)

    parent_page_types = ["units.UnitPage"]
    subpage_types = []
    template = "pages/directive_page.html"
    base_form_class = DirectiveForm

    content_panels = [
        TitleFieldPanel("title", help_text=_("Ví dụ: Nghị quyết số 35-NQ/TW về …")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        "number",
                        FieldPanel("document_type", widget=forms.Select),
                        FieldPanel("term", widget=forms.Select),
                    ]
                ),
                FieldPanel("issuer", widget=forms.Select),
                InlinePanel(
                    "co_issuers",
                    label=_("Cơ quan phối hợp ban hành"),
                    help_text=_("Văn bản liên tịch: thêm các cơ quan theo thứ tự ký hiệu."),
                ),
            ],
            heading=_("Số, ký hiệu"),
        ),
        "summary",
        MultiFieldPanel(
            [
                FieldRowPanel(["issue_date", "effective_date", "place"]),
                FieldRowPanel(["signing_authority", "signing_body"]),
                FieldRowPanel(["signer_title", "signer_name"]),
            ],
            heading=_("Ban hành"),
        ),
        FieldPanel("authority_override_reason", permission="superuser"),
        FieldRowPanel(["status", FieldPanel("field", widget=forms.Select), "source"]),
        InlinePanel("attachments", label=_("Tệp văn bản"), min_num=0),
        FieldPanel(
            "attachment_errors",
            read_only=True,
            heading=_("Lỗi trích nội dung tệp (để tìm kiếm)"),
            help_text=_("Văn bản vẫn được lưu; nội dung các tệp này không tìm kiếm được."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                "implements",
                "replaces",
                "amends",
                "supplements",
                "repeals",
            ],
            heading=_("Liên quan"),
        ),
    ]

    search_fields = PortalPage.search_fields + [
        index.SearchField("number_symbol", boost=5),
        index.SearchField("summary"),
        index.SearchField("signer_name"),
        index.SearchField("attachment_text"),
        index.AutocompleteField("number_symbol"),
        index.FilterField("issue_date"),
        index.FilterField("status"),
        index.FilterField("effective_date"),
        index.FilterField("document_type"),
        index.FilterField("issuer"),
        index.FilterField("field"),
        index.FilterField("number_symbol"),
    ]

    # Read-only API (/api/v2/pages/?type=articles.DirectivePage): the Decree 42 metadata.
    api_fields = [
        APIField("number"),
        APIField("number_symbol"),
        APIField("document_type", serializer=CodedSerializer()),
        APIField("issuers", serializer=IssuersField()),
        APIField("term", serializer=TermSerializer()),
        APIField("issue_date"),
        APIField("effective_date"),
        APIField("place"),
        APIField("signer_name"),
        APIField("signer_title"),
        APIField("signing_authority"),
        APIField("signing_body"),
        APIField("signing_line", serializer=serializers.CharField(read_only=True)),
        APIField("summary"),
        APIField("field", serializer=NamedSerializer()),
        APIField("status", serializer=serializers.CharField(source="effective_status")),
        APIField("status_label", serializer=serializers.CharField(read_only=True)),
        APIField("source"),
        APIField(
            "attachments", serializer=AttachmentSerializer(many=True, source="attachments.all")
        ),
        APIField("topics", serializer=PublicPagesField()),
        APIField("implements", serializer=PublicPagesField()),
        APIField("replaces", serializer=PublicPagesField()),
        APIField("amends", serializer=PublicPagesField()),
        APIField("supplements", serializer=PublicPagesField()),
        APIField("repeals", serializer=PublicPagesField()),
    ]

    # The listing date (listing_dates below): what listings show, sort and filter on.
    listing_date_field = "issue_date"

    @property
    def listing_date(self):
        return self.issue_date

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        indexes = [
            models.Index(fields=["issue_date", "page_ptr"], name="directive_listing_order"),
            # The search page's document-number look-up ("NQ 35", "nghị quyết 35").
            models.Index(fields=["number", "document_type"], name="directive_number_type"),
        ]

    @property
    def signing_line(self):
        """ "T/M Bộ Chính trị – Tổng Bí thư – Nguyễn Phú Trọng" (articles.signing)."""
        issuer = self.issuer if self.issuer_id else None
        return signing_line(
            self.signing_authority,
            self.signing_body,
            self.signer_title,
            self.signer_name,
            fallback_body=issuer.name if issuer else "",
        )

    @property
    def signature_block(self):
        """The signature block as printed (the demo's PDFs): one part a line."""
        issuer = self.issuer if self.issuer_id else None
        return signature_block(
            self.signing_authority,
            self.signing_body,
            self.signer_title,
            self.signer_name,
            fallback_body=issuer.name if issuer else "",
        )

    @property
    def effective_status(self):
        """The status readers see: "in force" and "not yet in force" follow the effective
        date (a document saved before its date comes into force without another save)."""
        if self.status in (self.Status.IN_FORCE, self.Status.NOT_YET):
            return date_status(self.effective_date)
        return self.status

    @property
    def status_label(self):
        return str(self.Status(self.effective_status).label)

    def issuer_codes(self):
        co_issuers = [link.issuer for link in self.co_issuers.all() if link.issuer_id]
        return [self.issuer.code] + [issuer.code for issuer in co_issuers]

    def update_number_symbol(self) -> bool:
        """Build ``number_symbol`` from the parts; False while a part is missing or invalid."""
        if not (self.document_type_id and self.issuer_id and self.term_id):
            return False
        if not isinstance(self.number, int) or not 1 <= self.number <= MAX_NUMBER:
            return False
        self.number_symbol = format_number_symbol(
            self.number, self.document_type.code, self.issuer_codes()
        )
        return True

    def update_attachment_text(self, cache=None, force=False) -> bool:
        """Extract the attached files' text (bounded; errors recorded); False if unchanged."""
        documents = [link.document for link in self.attachments.all() if link.document_id]
        key = source_key(documents)
        if key == self.attachment_source and not force:
            return False
        self.attachment_text, self.attachment_errors = extract_attachments(documents, cache)
        self.attachment_source = key
        return True

    def save(self, *args, **kwargs):
        # Drafts skip full_clean(), so the symbol is also built here.
        self.update_number_symbol()
        self.status = self.effective_status  # the stored value the facets count
        if not settings.PORTAL_EXTRACT_IN_BACKGROUND:
            self.update_attachment_text()
            return super().save(*args, **kwargs)
        # The save never waits for the files' text: it is extracted after the commit.
        documents = [link.document for link in self.attachments.all() if link.document_id]
        due = source_key(documents) != self.attachment_source
        if due:
            self.attachment_source = PENDING
        super().save(*args, **kwargs)
        if due:
            schedule(self.pk)

    def clean(self):
        super().clean()
        if not self.update_number_symbol():
            return  # the missing or invalid field has its own error
        duplicates = DirectivePage.objects.filter(
            document_type_id=self.document_type_id,
            number=self.number,
            issuer_id=self.issuer_id,
            term_id=self.term_id,
        ).exclude(pk=self.pk)
        if duplicates.exists():
            raise ValidationError(
                {
                    "number": _(
                        "Đã có văn bản %(symbol)s trong nhiệm kỳ %(term)s: “%(title)s”. "
                        "Kiểm tra lại số, loại văn bản, cơ quan ban hành hoặc nhiệm kỳ."
                    )
                    % {
                        "symbol": self.number_symbol,
                        "term": self.term,
                        "title": duplicates.first().title,
                    }
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The metadata table reads four foreign keys: one query instead of four.
        fresh = DirectivePage.objects.select_related("document_type", "issuer", "term", "field")
        fresh = fresh.get(pk=self.pk)
        for name in ("document_type", "issuer", "term", "field"):
            setattr(self, name, getattr(fresh, name))
        context["unit"] = self.owning_unit
        context["co_issuers"] = [link.issuer for link in self.co_issuers.select_related("issuer")]
        context["attachments"] = self.attachments.select_related("document")
        context["related_documents"] = self.related_documents()
        context["implementation"] = self.implementation_tree(request)
        return context

    def related_documents(self):
        """Live documents related to this one, both directions, as ``[(label, [pages])]`` in
        the order of ``RELATIONS`` (forward, then reverse): one query for all of them."""
        flags = {}
        for field, _forward, _reverse in self.RELATIONS:
            through = getattr(DirectivePage, field).through
            flags[f"{field}_forward"] = models.Exists(
                through.objects.filter(
                    from_directivepage_id=self.pk, to_directivepage_id=models.OuterRef("pk")
                )
            )
            flags[f"{field}_reverse"] = models.Exists(
                through.objects.filter(
                    from_directivepage_id=models.OuterRef("pk"), to_directivepage_id=self.pk
                )
            )
        condition = models.Q()
        for name in flags:
            condition |= models.Q(**{name: True})
        others = list(
            DirectivePage.objects.live()
            .exclude(pk=self.pk)
            .only(*PAGE_LISTING_FIELDS, "number_symbol")
            .annotate(**flags)
            .filter(condition)
            .order_by("issue_date", "pk")
        )
        groups = []
        for field, forward_label, reverse_label in self.RELATIONS:
            groups.append((forward_label, [d for d in others if getattr(d, f"{field}_forward")]))
            groups.append((reverse_label, [d for d in others if getattr(d, f"{field}_reverse")]))
        return [(label, pages) for label, pages in groups if pages]

    def implementation_tree(self, request, max_depth=IMPLEMENTATION_DEPTH):
        """Cây triển khai (articles.implementation): who implemented this document, down the
        ``implements`` relation, and which committees under the issuer have not yet."""
        from .implementation import implementation_tree

        return implementation_tree(self, request, max_depth)


def date_status(effective_date):
    """ "Chưa có hiệu lực" before ``effective_date``, "Còn hiệu lực" from it (or with none)."""
    if effective_date and effective_date > timezone.localdate():
        return DirectivePage.Status.NOT_YET
    return DirectivePage.Status.IN_FORCE


class DirectiveCoIssuer(Orderable):
    page = ParentalKey(DirectivePage, on_delete=models.CASCADE, related_name="co_issuers")
    issuer = models.ForeignKey(
        "units.Issuer", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("issuer", widget=forms.Select)]


class DirectiveAttachment(Orderable):
    page = ParentalKey(DirectivePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(
        _("tên hiển thị"), max_length=255, blank=True, help_text=_("Ví dụ: Toàn văn, Phụ lục")
    )

    panels = ["document", "label"]

    def clean(self):
        super().clean()
        if self.document_id and self.document.file_extension.lower() not in ("pdf", "doc", "docx"):
            raise ValidationError({"document": _("Chỉ nhận tệp PDF, DOC hoặc DOCX.")})


# What article cards and link lists read (title, link, date, lead, image): the other
# thirty-odd page columns and the body are left in the database.
# What a link to a page needs (its URL, title and type), for listings that show no more.
PAGE_LISTING_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "slug",
    "title",
    "live",
    "content_type",
    "locale",
)
ARTICLE_LISTING_FIELDS = (*PAGE_LISTING_FIELDS, "date", "lead", "featured", "main_image")
# What components/directive_list.html shows of a document.
DIRECTIVE_LISTING_FIELDS = (
    *PAGE_LISTING_FIELDS,
    "number_symbol",
    "summary",
    "issue_date",
    "document_type__name",
)


# The renditions article cards show (home.cards.article_card), and their
# WebP twins: a listing prefetches these only, not every size ever made of its images.
CARD_IMAGE_SPECS = ("fill-240x150", "fill-480x300", "fill-800x500")


def card_renditions():
    """``Prefetch`` of the card renditions of ``main_image`` (Wagtail reads ``to_attr``)."""
    from wagtail.images import get_image_model

    specs = [*CARD_IMAGE_SPECS, *(f"{spec}|format-webp" for spec in CARD_IMAGE_SPECS)]
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    return models.Prefetch(
        "main_image__renditions", queryset=renditions, to_attr="prefetched_renditions"
    )


def with_listing_relations(queryset):
    """What a listing of articles shows, in a fixed number of queries, reading little."""
    return (
        queryset.only(*ARTICLE_LISTING_FIELDS)
        .select_related("main_image")
        .prefetch_related(card_renditions())
    )


UNIT_LISTING_ARTICLES = 10


def unit_listings(unit, request):
    """News and documents of a unit and its sub-units, for the unit page."""
    articles = newest_first(visible(ArticlePage.objects, request).descendant_of(unit))
    page = paginate(request, with_listing_relations(articles))
    attach_owning_units(page.object_list)
    directives = newest_first(
        visible(DirectivePage.objects, request).descendant_of(unit).select_related("document_type")
    )
    return {
        "articles": page,
        "directives": paginate(request, directives, param="doc_page", per_page=10),
        "sections": visible(SectionPage.objects.child_of(unit), request),
    }


# --- The listing date: one rule for the API, search, feeds and pages ---------------------
# An article is listed, sorted and filtered by its date (ngày đăng, which an editor may set),
# a document by its issue date (ngày ban hành); any other page by its first publication.


def listing_date_field(model):
    """The field ``model``'s listings sort and filter on."""
    return getattr(model, "listing_date_field", "first_published_at")


def _day_bounds(model, field, start, end):
    """Lookups for ``start``..``end`` (dates, both included) on ``model.field``."""
    lookups = {}
    if isinstance(model._meta.get_field(field), models.DateTimeField):
        if start:
            lookups[f"{field}__gte"] = _local_midnight(start)
        if end:
            lookups[f"{field}__lt"] = _local_midnight(end + datetime.timedelta(days=1))
    else:
        if start:
            lookups[f"{field}__gte"] = start
        if end:
            lookups[f"{field}__lte"] = end
    return lookups


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def listing_dates(queryset, start=None, end=None):
    """Pages of ``queryset`` whose listing date is from ``start`` to ``end`` (dates, both
    included, in the portal's time zone). On a queryset of mixed types (``Page``) each
    type keeps its own rule; the conditions are on indexed fields or plain id subqueries,
    so a search can still follow on the database backends."""
    if not (start or end):
        return queryset
    model = queryset.model
    if hasattr(model, "listing_date_field") or model not in (Page, PortalPage):
        return queryset.filter(**_day_bounds(model, listing_date_field(model), start, end))
    dated = (ArticlePage, DirectivePage)
    condition = models.Q(
        ~models.Q(content_type__in=ContentType.objects.get_for_models(*dated).values()),
        **_day_bounds(Page, "first_published_at", start, end),
    )
    for typed in dated:
        in_range = typed.objects.filter(**_day_bounds(typed, typed.listing_date_field, start, end))
        condition |= models.Q(pk__in=in_range.values("pk"))
    return queryset.filter(condition)


def newest_first(queryset):
    """``queryset`` newest first by its listing date (the listings' index order)."""
    return queryset.order_by(f"-{listing_date_field(queryset.model)}", "-pk")


# --- The document filters: one rule for the register, search and the API ------------------


def filter_documents(
    queryset, *, document_type=None, issuer=None, year=None, status=None, field=None
):
    """Documents of ``queryset`` (``DirectivePage``) matching every filter given (a row or
    its id each; ``year`` an int). A joint document counts for each of its issuers. Every
    condition is on an indexed field or a plain id subquery, so a search can follow."""
    if document_type:
        queryset = queryset.filter(document_type=document_type)
    if issuer:
        issued = DirectivePage.objects.filter(
            models.Q(issuer=issuer) | models.Q(co_issuers__issuer=issuer)
        )
        queryset = queryset.filter(pk__in=issued.values("pk"))
    if year:
        queryset = queryset.filter(
            issue_date__gte=datetime.date(year, 1, 1), issue_date__lte=datetime.date(year, 12, 31)
        )
    if status:
        queryset = queryset.filter(status_condition(status))
    if field:
        queryset = queryset.filter(field=field)
    return queryset


def status_condition(status):
    """Documents whose status readers see as ``status`` (``DirectivePage.effective_status``):
    "in force" and "not yet in force" read the effective date, not only the stored value."""
    dated = (DirectivePage.Status.IN_FORCE, DirectivePage.Status.NOT_YET)
    if status not in dated:
        return models.Q(status=status)
    today = timezone.localdate()
    if status == DirectivePage.Status.NOT_YET:
        return models.Q(status__in=dated, effective_date__gt=today)
    started = models.Q(effective_date__isnull=True) | models.Q(effective_date__lte=today)
    return models.Q(status__in=dated) & started
