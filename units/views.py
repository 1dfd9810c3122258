"""Admin views for a unit's people: approvers manage their unit's editors; administrators see,
per user, which units they can edit."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .models import UnitAccess
from .ownership import editable_units, is_unit_approver, units_of_user


class AddEditorForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Không có người dùng đang hoạt động với tên này."))
        return user


class RemoveEditorForm(forms.Form):
    user_id = forms.IntegerField(min_value=1)


def unit_editors(request, unit_id):
    """The members of a unit's editor group; its approvers (and administrators) change it."""
    access = get_object_or_404(UnitAccess.objects.select_related("unit", "editors"), unit=unit_id)
    if not is_unit_approver(request.user, access.unit):
        raise PermissionDenied
    form = AddEditorForm()
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            remove = RemoveEditorForm(request.POST)
            if remove.is_valid():
                member = access.editors.user_set.filter(pk=remove.cleaned_data["user_id"]).first()
                if member is not None:
                    access.editors.user_set.remove(member)
                    messages.success(
                        request, _("Đã bỏ %(user)s khỏi nhóm biên tập.") % {"user": member}
                    )
                    return redirect("units_editors", unit_id=access.unit_id)
            messages.error(request, _("Người này không ở trong nhóm biên tập của đơn vị."))
            return redirect("units_editors", unit_id=access.unit_id)
        form = AddEditorForm(request.POST)
        if form.is_valid():
            access.editors.user_set.add(form.cleaned_data["username"])
            messages.success(
                request,
                _("Đã thêm %(user)s vào nhóm biên tập.") % {"user": form.cleaned_data["username"]},
            )
            return redirect("units_editors", unit_id=access.unit_id)
    return TemplateResponse(
        request,
        "units/editors.html",
        {
            "access": access,
            "unit": access.unit,
            "members": access.editors.user_set.order_by("username"),
            "form": form,
            "page_title": _("Biên tập viên của %(unit)s") % {"unit": access.unit.title},
            "header_icon": "group",
        },
    )


def user_units(request):
    """Administrators: for each user of a unit group, the units they can edit and their role."""
    if not request.user.is_superuser:
        raise PermissionDenied
    User = get_user_model()
    users = (
        User.objects.filter(
            Q(groups__unit_as_editors__isnull=False) | Q(groups__unit_as_approvers__isnull=False)
        )
        .distinct()
        .order_by("username")
    )
    query = request.GET.get("q", "").strip()[:150]
    if query:
        users = users.filter(username__icontains=query)
    rows = [
        {
            "user": user,
            "memberships": units_of_user(user),
            "units": editable_units(user).order_by("path").only("title", "path", "depth"),
        }
        for user in users[:200]
    ]
    return TemplateResponse(
        request,
        "units/user_units.html",
        {
            "rows": rows,
            "query": query,
            "page_title": _("Đơn vị theo người dùng"),
            "header_icon": "group",
        },
    )
