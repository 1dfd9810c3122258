"""The filter of the Q&A page (by unit, by field), built on the page's own querysets so
that the models can use it without this module importing them."""

from django import forms

from search.forms import IdChoiceField


class QAFilterForm(forms.Form):
    don_vi = IdChoiceField(label="Đơn vị", required=False, queryset=None)
    linh_vuc = IdChoiceField(label="Lĩnh vực", required=False, queryset=None)

    def __init__(self, data=None, *, units, categories):
        super().__init__(data)
        self.fields["don_vi"].queryset = units
        self.fields["linh_vuc"].queryset = categories
