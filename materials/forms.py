"""The admin form of a material (one of each periodic kind per unit and month) and the
reader's filters of the index (year, kind)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.forms import PortalPageForm

from .periods import FIRST_YEAR, Kind, last_year


class CellMaterialForm(PortalPageForm):
    """The model's rules (``CellMaterialPage.clean``: one of each periodic kind per unit and
    month) need the parent, which a page being created does not know yet: give it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.parent_page is not None and not self.instance.path:
            self.instance._cached_parent_obj = self.parent_page


class YearField(forms.IntegerField):
    """A year written in ASCII digits (int() would take "٢٠٢٦" too), within the bounds."""

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text and not (text.isascii() and text.isdigit() and len(text) <= 4):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class MaterialFilterForm(forms.Form):
    """``?year=2026&kind=sinh-hoat-chi-bo``: each valid value filters; a bad one is named in
    a message and ignored, the others still apply."""

    year = YearField(
        label=_("Năm"),
        required=False,
        error_messages={"invalid": _("Năm là một số có bốn chữ số, ví dụ 2026.")},
    )
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"),
        required=False,
        choices=[("", _("Tất cả các loại"))] + Kind.choices,
        error_messages={"invalid_choice": _("Loại tài liệu này không có trong danh sách.")},
    )

    def __init__(self, data, years=()):
        super().__init__(data)
        year = self.fields["year"]
        year.validators.append(_year_range_validator(FIRST_YEAR, last_year()))
        year.widget = forms.Select(
            choices=[("", _("Tất cả các năm"))] + [(value, value) for value in years]
        )

    def values(self):
        """(the valid filters, the messages of the ignored ones)."""
        self.is_valid()
        values = {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in self.errors and self.cleaned_data.get(name)
        }
        messages = [
            f"{self.fields[name].label}: {error}"
            for name, errors in self.errors.items()
            for error in errors
        ]
        return values, messages


def _year_range_validator(first, last):
    def validate(value):
        if value is not None and not first <= value <= last:
            raise forms.ValidationError(
                _("Năm phải từ %(first)s đến %(last)s.") % {"first": first, "last": last}
            )

    return validate
