"""Filters of the document register (Tra cứu văn bản), with django-filter."""

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import DirectivePage, DocumentField, DocumentType, filter_documents
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

    def filter_queryset(self, queryset):
        """The filters by the one rule (articles.models.filter_documents), then the number."""
        values = self.form.cleaned_data
        queryset = filter_documents(
            queryset,
            **{name: values.get(name) for name in ("document_type", "issuer", "status", "field")},
            year=values.get("year"),
        )
        if number_symbol := values.get("number_symbol"):
            queryset = queryset.filter(number_symbol__icontains=number_symbol)
        return queryset
