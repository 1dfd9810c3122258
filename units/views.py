"""Admin views for a unit's people: approvers manage their unit's editors; administrators see,
per user, which units they can edit."""

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupPagePermission

from .models import UnitAccess, UnitPage
from .ownership import is_unit_approver


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
    rows = _units_per_user(list(users[:200]))
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


def _units_per_user(users):
    """``units_of_user`` and ``editable_units`` for many users in four queries, not four per
    user: memberships, unit groups, change-page permission roots and the units themselves."""
    memberships = defaultdict(set)
    for user_id, group_id in (
        get_user_model()
        .groups.through.objects.filter(user__in=users)
        .values_list("user_id", "group_id")
    ):
        memberships[user_id].add(group_id)
    accesses = list(UnitAccess.objects.select_related("unit").order_by("unit__path"))
    roots = defaultdict(list)
    for group_id, path in GroupPagePermission.objects.filter(
        group__user__in=users, permission__codename="change_page"
    ).values_list("group_id", "page__path"):
        roots[group_id].append(path)
    units = list(UnitPage.objects.order_by("path").only("title", "path", "depth"))
    rows = []
    for user in users:
        groups = memberships[user.pk]
        paths = tuple(path for group in groups for path in roots[group])
        rows.append(
            {
                "user": user,
                "memberships": [
                    (access.unit, "approver" if access.approvers_id in groups else "editor")
                    for access in accesses
                    if groups & {access.editors_id, access.approvers_id}
                ],
                "units": units
                if user.is_superuser
                else [unit for unit in units if paths and unit.path.startswith(paths)],
            }
        )
    return rows
