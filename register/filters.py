"""Filters of the document register (Tra cứu văn bản), with django-filter."""

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import DirectivePage, DocumentField, DocumentType
from units.models import Issuer

FIRST_YEAR = 1930  # the Party's founding


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class DocumentFilter(django_filters.FilterSet):
    document_type = django_filters.ModelChoiceFilter(
        label=_("Loại văn bản"), queryset=DocumentType.objects.all(), empty_label=_("Tất cả")
    )
    issuer = django_filters.ModelChoiceFilter(
        label=_("Cơ quan ban hành"),
        queryset=Issuer.objects.all(),
        empty_label=_("Tất cả"),
        method="filter_issuer",
    )
    year = YearFilter(label=_("Năm ban hành"), field_name="issue_date", lookup_expr="year")
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=DirectivePage.Status.choices, empty_label=_("Tất cả")
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực"), queryset=DocumentField.objects.all(), empty_label=_("Tất cả")
    )
    number_symbol = django_filters.CharFilter(
        label=_("Số, ký hiệu"), lookup_expr="icontains", max_length=120
    )

    class Meta:
        model = DirectivePage
        fields = ["document_type", "issuer", "year", "status", "field", "number_symbol"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last_year = timezone.localdate().year + 1
        year = self.form.fields["year"]
        year.validators += [MinValueValidator(FIRST_YEAR), MaxValueValidator(last_year)]
        year.widget.attrs.update(min=FIRST_YEAR, max=last_year)
        year.error_messages["invalid"] = _("Năm ban hành là một số, ví dụ 2018.")
        self.form.fields["number_symbol"].widget.attrs["placeholder"] = "35-NQ/TW"

    def filter_issuer(self, queryset, name, value):
        # A joint document counts for each of its issuers.
        ids = queryset.filter(Q(issuer=value) | Q(co_issuers__issuer=value)).values("pk")
        return queryset.filter(pk__in=ids)
