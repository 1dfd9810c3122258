"""The search page's parameters. Each one is checked on its own: a bad value is
dropped with a notice, and the rest of the search still runs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import ArticlePage, DirectivePage, DocumentType, TopicPage
from portal.ids import IdChoiceField
from units.models import Issuer, UnitPage

CONTENT_TYPES = {
    "tin-bai": (ArticlePage, _("Tin bài")),
    "van-ban": (DirectivePage, _("Văn bản")),
    "don-vi": (UnitPage, _("Đơn vị")),
    "chuyen-de": (TopicPage, _("Chuyên đề")),
}


def register_content_type(key, model, label):
    """Apps built on search add their page types here, from their AppConfig.ready()."""
    CONTENT_TYPES[key] = (model, label)


SORTS = [("", _("Phù hợp nhất")), ("moi-nhat", _("Mới nhất"))]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True)
    loai = forms.ChoiceField(
        label=_("Loại nội dung"),
        required=False,
        choices=lambda: (
            [("", _("Tất cả"))] + [(key, label) for key, (_m, label) in CONTENT_TYPES.items()]
        ),
    )
    don_vi = IdChoiceField(
        label=_("Đơn vị"),
        required=False,
        queryset=UnitPage.objects.live(),
        empty_label=_("— Tất cả đơn vị —"),
    )
    loai_van_ban = forms.ModelChoiceField(
        label=_("Loại văn bản"),
        required=False,
        queryset=DocumentType.objects.all(),
        to_field_name="code",
        empty_label=_("— Tất cả loại văn bản —"),
    )
    co_quan = IdChoiceField(
        label=_("Cơ quan ban hành"),
        required=False,
        queryset=Issuer.objects.all(),
        empty_label=_("— Tất cả cơ quan ban hành —"),
    )
    tinh_trang = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("", _("Tất cả"))] + list(DirectivePage.Status.choices),
    )
    nam = forms.IntegerField(
        label=_("Năm ban hành"), required=False, min_value=1900, max_value=2100
    )
    tu_ngay = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    den_ngay = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    sap_xep = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=SORTS)

    DOCUMENT_FILTERS = ("loai_van_ban", "co_quan", "tinh_trang", "nam")

    def valid_values(self):
        """Cleaned values of the valid parameters, and the labels of the ignored ones."""
        self.is_valid()
        values = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "")
        }
        ignored = [str(self.fields[name].label or name) for name in self.errors]
        return values, ignored
