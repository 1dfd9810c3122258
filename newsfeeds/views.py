"""Admin view: an editor turns a fetched item into a draft article of their unit."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from units.models import UnitPage

from .drafts import make_draft, units_for
from .models import FeedItem


class DraftForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị đăng bài"),
        queryset=UnitPage.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Bạn không có quyền thêm bài vào đơn vị này.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitPage.objects.filter(pk__in=[u.pk for u in units])
        self.fields["unit"].label_from_instance = lambda unit: unit.title


def make_draft_view(request, pk):
    item = get_object_or_404(FeedItem.objects.select_related("feed"), pk=pk)
    units = units_for(request.user)
    if not units:
        messages.error(request, _("Bạn không có quyền thêm tin bài vào đơn vị nào."))
        return redirect("feed_items:index")
    form = DraftForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        article = make_draft(item, form.cleaned_data["unit"], request.user)
        messages.success(
            request,
            _("Đã tạo bài nháp “%(title)s”. Hãy biên tập trước khi gửi duyệt.")
            % {"title": article.title},
        )
        return redirect("wagtailadmin_pages:edit", article.pk)
    return TemplateResponse(
        request,
        "newsfeeds/make_draft.html",
        {
            "item": item,
            "form": form,
            "back_url": reverse("feed_items:index"),
        },
    )
