"""Account events reach Wagtail's audit log and the site history report administrators read."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import GroupPagePermission, ModelLogEntry

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-quan-tri-12"


def actions(user):
    return list(
        ModelLogEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )


@override_settings(AXES_ENABLED=True)
def test_admin_login_failure_and_logout_are_logged(django_user_model, home):
    user = django_user_model.objects.create_superuser("quantri", "qt@example.invalid", PASSWORD)
    client = Client()
    client.post(
        "/admin/login/", {"username": "quantri", "password": "sai"}, REMOTE_ADDR="192.0.2.9"
    )
    client.post(
        "/admin/login/", {"username": "quantri", "password": PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )
    client.post(reverse("wagtailadmin_logout"))
    logged = actions(user)
    for action in ("portal.login_failed", "portal.login", "portal.logout"):
        assert action in logged
    failed = ModelLogEntry.objects.get(action="portal.login_failed")
    assert failed.data["ip"] == "192.0.2.9"

    viewer = Client()
    viewer.force_login(user)
    report = viewer.get(reverse("wagtailadmin_reports:site_history"))
    assert report.status_code == 200
    for label in ("Đăng nhập quản trị", "Đăng nhập quản trị thất bại", "Đăng xuất quản trị"):
        assert label in report.text


def test_group_and_privilege_changes_are_logged_with_who_did_them(
    django_user_model, unit_editor, district
):
    """Admin views run inside Wagtail's log context (the acting user); so does this."""
    from wagtail.log_actions import LogContext

    admin = django_user_model.objects.create_superuser("quantri", "qt@example.invalid", PASSWORD)
    approvers = district.access.approvers
    with LogContext(user=admin):
        unit_editor.groups.add(approvers)
        unit_editor.is_superuser = True
        unit_editor.save()
    entries = ModelLogEntry.objects.filter(object_id=str(unit_editor.pk))
    groups = entries.filter(action="portal.groups_changed")
    added = [e for e in groups if approvers.name in e.data["items"]]
    assert len(added) == 1 and added[0].user == admin and added[0].data["change"] == "add"
    privileges = entries.get(action="portal.privileges_changed")
    assert privileges.data["is_superuser"] == {"before": False, "after": True}


def test_page_permission_grants_are_logged_on_the_group(district, home):
    from django.contrib.auth.models import Permission

    editors = district.access.editors
    GroupPagePermission.objects.create(
        group=editors, page=home, permission=Permission.objects.get(codename="publish_page")
    )
    entry = ModelLogEntry.objects.filter(
        action="portal.permissions_changed", object_id=str(editors.pk)
    ).latest("timestamp")
    assert entry.data["items"] == ["publish_page"] and entry.data["change"] == "add"


def test_password_change_is_logged(unit_editor):
    unit_editor.set_password("mat-khau-moi-dai-2026")
    unit_editor.save()
    assert "portal.password_changed" in actions(unit_editor)
