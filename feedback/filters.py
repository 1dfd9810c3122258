"""The filter of the Q&A page (by unit, by field), built on the page's own querysets so
that the models can use it without this module importing them."""

from django import forms

from portal.ids import IdChoiceField


class QAFilterForm(forms.Form):
    don_vi = IdChoiceField(
        label="Đơn vị", required=False, queryset=None, empty_label="— Tất cả đơn vị —"
    )
    linh_vuc = IdChoiceField(
        label="Lĩnh vực", required=False, queryset=None, empty_label="— Tất cả lĩnh vực —"
    )

    def __init__(self, data=None, *, units, categories):
        super().__init__(data)
        self.fields["don_vi"].queryset = units
        self.fields["linh_vuc"].queryset = categories
