"""Admin view: an editor turns a fetched item into a draft article of their unit."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .drafts import make_draft, units_for
from .models import FeedItem


class DraftForm(forms.Form):
    # The choices are the units the user may add to, already loaded: a posted value is
    # matched against them, never looked up in the database.
    unit = forms.TypedChoiceField(
        label=_("Đơn vị đăng bài"),
        coerce=int,
        error_messages={
            "invalid_choice": _("Bạn không có quyền thêm bài vào đơn vị này."),
            "required": _("Chọn đơn vị đăng bài."),
        },
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["unit"].choices = [(unit.pk, unit.title) for unit in units]

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]


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
