"""Unit ownership: groups, permissions, collections and the workflow kept in step with the units;
the approval workflow with its e-mails; the dashboard; approvers managing their editors."""

import datetime

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.images import get_image_model
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    WorkflowPage,
    WorkflowState,
)
from wagtail.test.utils.form_data import streamfield

from units.forms import NOT_CHOOSABLE
from units.models import UnitPage
from units.ownership import SHARED_COLLECTION, editable_units, shared_collection

from .factories import ArticlePageFactory, SectionPageFactory, UnitPageFactory
from .test_ownership_matrix import article_form, png_bytes, unit_form

pytestmark = pytest.mark.django_db


def member(unit, role, name=None):
    access = UnitPage.objects.get(pk=unit.pk).access
    user = get_user_model().objects.create_user(
        name or f"{role}-{unit.slug}", f"{role}-{unit.pk}@example.invalid"
    )
    user.groups.add(access.editors if role == "editor" else access.approvers)
    return user


def page_permissions(group):
    return {
        (row.page_id, row.permission.codename)
        for row in GroupPagePermission.objects.filter(group=group).select_related("permission")
    }


def test_a_new_unit_gets_groups_one_permission_root_collection_and_workflow(province, district):
    access = UnitPage.objects.get(pk=district.pk).access
    assert access.editors.name == "Biên tập viên – Huyện ủy Gò Dầu"
    assert access.approvers.name == "Người duyệt – Huyện ủy Gò Dầu"
    assert page_permissions(access.editors) == {
        (district.pk, "add_page"),
        (district.pk, "change_page"),
    }
    assert page_permissions(access.approvers) == {
        (district.pk, codename)
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
    }
    # Collections nest like the units; the shared one may only be chosen from.
    assert access.collection.get_parent() == province.access.collection
    shared = GroupCollectionPermission.objects.filter(
        group=access.editors, collection__name=SHARED_COLLECTION
    )
    assert {row.permission.codename for row in shared} == {"choose_image", "choose_document"}
    assert access.editors.permissions.filter(codename="access_admin").exists()
    assert WorkflowPage.objects.get(page=district).workflow == access.workflow
    task = access.workflow.tasks.get().specific
    assert list(task.groups.all()) == [access.approvers]


def test_rename_and_move_keep_groups_collection_and_workflow_in_step(province, district, commune):
    commune.title = "Đảng ủy xã Gò Dầu"
    commune.save_revision().publish()
    access = UnitPage.objects.get(pk=commune.pk).access
    assert access.editors.name == "Biên tập viên – Đảng ủy xã Gò Dầu"
    assert access.collection.name == "Đảng ủy xã Gò Dầu"
    assert access.workflow.name == "Duyệt nội dung – Đảng ủy xã Gò Dầu"

    Page.objects.get(pk=commune.pk).move(province, pos="last-child")
    access.collection.refresh_from_db()
    assert access.collection.get_parent() == province.access.collection
    assert page_permissions(access.editors) == {
        (commune.pk, "add_page"),
        (commune.pk, "change_page"),
    }
    # A draft title does not rename anything until it is published.
    commune.refresh_from_db()
    commune.title = "Tên nháp"
    commune.save_revision()
    assert Group.objects.get(pk=access.editors_id).name == "Biên tập viên – Đảng ủy xã Gò Dầu"


def test_units_of_the_same_name_get_distinct_groups(province, district):
    twin = UnitPageFactory(parent=province, title="Huyện ủy Gò Dầu", slug="huyen-uy-go-dau-2")
    assert twin.access.editors.name == f"Biên tập viên – Huyện ủy Gò Dầu (#{twin.pk})"
    assert district.access.editors.name == "Biên tập viên – Huyện ủy Gò Dầu"


def test_deleting_a_unit_removes_its_groups(admin_client, commune):
    groups = [commune.access.editors_id, commune.access.approvers_id]
    admin_client.post(reverse("wagtailadmin_pages:delete", args=[commune.pk]))
    assert not UnitPage.objects.filter(pk=commune.pk).exists()
    assert not Group.objects.filter(pk__in=groups).exists()


def test_only_administrators_delete_or_move_a_unit(client, province, district, commune):
    client.force_login(member(district, "approver"))
    client.post(reverse("wagtailadmin_pages:delete", args=[commune.pk]))
    assert UnitPage.objects.filter(pk=commune.pk).exists()
    section = SectionPageFactory(parent=district, title="Tin tức")
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[commune.pk, section.pk]))
    assert Page.objects.get(pk=commune.pk).get_parent().pk == district.pk


# --- the approval workflow ------------------------------------------------------------


def section_form(page, **extra):
    return {
        "title": page.title,
        "slug": page.slug,
        "intro": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    } | extra


@pytest.fixture
def submitted(client, district, django_capture_on_commit_callbacks):
    editor = member(district, "editor")
    editor.email = "bientap@example.invalid"
    editor.save()
    approver = member(district, "approver")
    approver.email = "duyet@example.invalid"
    approver.save()
    page = SectionPageFactory(parent=district, title="Hội nghị sơ kết", live=False)
    page.save_revision()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            section_form(page, **{"action-submit": "1"}),
        )
    state = WorkflowState.objects.get(object_id=str(page.pk))
    return page, editor, approver, state


def workflow_action(client, page, state, action, comment=""):
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, action, state.current_task_state.pk],
        ),
        {"comment": comment},
    )


def test_editor_submits_approver_approves_and_everyone_is_told(
    client, submitted, department, django_capture_on_commit_callbacks
):
    page, editor, approver, state = submitted
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not Page.objects.get(pk=page.pk).live
    assert any(approver.email in message.to for message in mail.outbox)
    # Only the unit's approvers are asked: not another unit's, nor its own editors.
    outsider = member(department, "approver")
    recipients = {address for message in mail.outbox for address in message.to}
    assert outsider.email not in recipients and editor.email not in recipients

    mail.outbox.clear()
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(client, page, state, "approve", "Đồng ý đăng.")
    assert Page.objects.get(pk=page.pk).live
    assert any(editor.email in message.to for message in mail.outbox)


def test_approver_rejects_with_a_comment(client, submitted, django_capture_on_commit_callbacks):
    page, editor, approver, state = submitted
    mail.outbox.clear()
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(client, page, state, "reject", "Cần bổ sung số liệu.")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not Page.objects.get(pk=page.pk).live
    assert any(editor.email in message.to for message in mail.outbox)


def test_approver_of_another_unit_cannot_approve(client, submitted, department):
    page, _editor, _approver, state = submitted
    client.force_login(member(department, "approver"))
    workflow_action(client, page, state, "approve")
    assert not Page.objects.get(pk=page.pk).live
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_IN_PROGRESS


def test_scheduled_publishing_goes_live_with_the_cron_command(client, district):
    page = SectionPageFactory(parent=district, title="Thông báo lịch tiếp dân", live=False)
    page.save_revision()
    client.force_login(member(district, "approver"))
    go_live = (timezone.localtime() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        # Typed as the admin shows dates: day first.
        section_form(
            page, go_live_at=go_live.strftime("%d/%m/%Y %H:%M"), **{"action-publish": "1"}
        ),
    )
    page.refresh_from_db()
    assert not page.live and page.go_live_at == go_live
    call_command("publish_scheduled")  # not yet due
    assert not Page.objects.get(pk=page.pk).live

    # Two hours later (moved back rather than waiting): the cron run publishes it.
    revision = page.scheduled_revision
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    assert Page.objects.get(pk=page.pk).live


def test_expiry_date_unpublishes_with_the_cron_command(client, district):
    page = SectionPageFactory(parent=district, title="Thông báo tuyển dụng")
    client.force_login(member(district, "approver"))
    expire = (timezone.localtime() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        section_form(page, expire_at=expire.strftime("%d/%m/%Y %H:%M"), **{"action-publish": "1"}),
    )
    page.refresh_from_db()
    assert page.live and page.expire_at == expire
    call_command("publish_scheduled")  # not yet due
    assert Page.objects.get(pk=page.pk).live

    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired


# --- dashboard, audit log, media -----------------------------------------------------------


def test_dashboard_shows_the_units_pending_published_and_own_drafts(client, submitted):
    page, editor, approver, _state = submitted
    client.force_login(approver)
    response = client.get(reverse("wagtailadmin_home"))
    text = response.content.decode()
    assert "Bạn là người duyệt của đơn vị này." in text
    assert "Đang chờ duyệt" in text and page.title in text
    assert reverse("units_editors", args=[page.get_parent().pk]) in text

    client.force_login(editor)
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Bạn là biên tập viên của đơn vị này." in text
    assert "Bản nháp của bạn" in text


def test_approvers_see_their_units_entries_in_the_site_history_report(
    client, admin_client, district, department
):
    admin = get_user_model().objects.get(username="quantri")
    for unit, title in ((district, "Tin của huyện"), (department, "Tin của ban")):
        page = SectionPageFactory(parent=unit, title=title, live=False)
        page.save_revision(user=admin, log_action=True).publish(user=admin)
    client.force_login(member(district, "approver"))
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tin của huyện" in text
    assert "Tin của ban" not in text


def test_approvers_see_their_units_history_only(client, district, department):
    client.force_login(member(district, "approver"))
    assert client.get(reverse("wagtailadmin_pages:history", args=[district.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:history", args=[department.pk])).status_code in (
        302,
        403,
    )


def test_shared_collection_can_be_chosen_but_not_changed(client, district):
    image = get_image_model().objects.create(
        title="Quốc huy",
        collection=shared_collection(),
        file=SimpleUploadedFile("quoc-huy.png", png_bytes()),
    )
    client.force_login(member(district, "editor"))
    assert client.get(reverse("wagtailimages_chooser:chosen", args=[image.pk])).status_code == 200
    client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "Đã đổi", "collection": image.collection_id},
    )
    assert get_image_model().objects.get(pk=image.pk).title == "Quốc huy"


def media_test_article(unit):
    page = ArticlePageFactory(parent=unit, title="Bài có ảnh", live=False)
    page.save_revision()
    return page


def latest_draft(page):
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


def post_body(client, page, body):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form(page, body=streamfield(body)),
    )


def test_another_units_image_in_a_block_is_refused_with_a_clear_message(
    client, district, department
):
    page = media_test_article(district)
    foreign = wagtail_factories.ImageFactory(collection=department.access.collection)
    revisions = page.revisions.count()
    client.force_login(member(district, "editor"))
    response = post_body(
        client, page, [("image", {"image": foreign.pk, "caption": "", "credit": ""})]
    )
    assert response.status_code == 200
    # Wagtail's editor shows the error beside the chooser of the first block.
    error = response.context["form"].errors.as_data()["body"][0]
    assert error.block_errors[0].block_errors["image"].messages == [str(NOT_CHOOSABLE)]
    assert page.revisions.count() == revisions


def test_own_and_shared_media_are_accepted_in_blocks_and_inline_panels(client, district):
    page = media_test_article(district)
    shared = wagtail_factories.ImageFactory(collection=shared_collection())
    own = wagtail_factories.DocumentFactory(collection=district.access.collection)
    client.force_login(member(district, "editor"))
    body = [
        ("image", {"image": shared.pk, "caption": "Quốc kỳ", "credit": ""}),
        ("document", {"document": own.pk, "title": ""}),
    ]
    assert post_body(client, page, body).status_code == 302
    saved = [(block.block_type, block.value) for block in latest_draft(page).body]
    assert saved[0][1]["image"] == shared and saved[1][1]["document"] == own

    leader = {"name": "Trần Thị B", "position": "Phó Bí thư", "photo": shared.pk}
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[district.pk]), unit_form(district, [leader])
    )
    assert response.status_code == 302
    assert latest_draft(district).leaders.get().photo == shared


def test_rich_text_fields_without_document_links_drop_a_forged_one(client, district, department):
    """Page-level rich text (a unit's introduction) has no document-link feature: a link typed
    into the submitted editor state is dropped, so no other unit's document can be linked."""
    foreign = wagtail_factories.DocumentFactory(collection=department.access.collection)
    link = f'<p>Xem <a linktype="document" id="{foreign.pk}">quy chế</a>.</p>'
    client.force_login(member(district, "editor"))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[district.pk]),
        unit_form(district, [], introduction=link),
    )
    assert response.status_code == 302
    introduction = latest_draft(district).introduction
    assert "Xem" in introduction and 'linktype="document"' not in introduction


def test_media_already_on_the_page_stays_valid_for_its_editor(client, district, department):
    page = media_test_article(district)
    foreign = wagtail_factories.ImageFactory(collection=department.access.collection)
    page.body = [("image", {"image": foreign, "caption": "", "credit": ""})]
    page.save_revision()  # placed by an administrator
    client.force_login(member(district, "editor"))
    body = [("image", {"image": foreign.pk, "caption": "Đã sửa chú thích", "credit": ""})]
    assert post_body(client, page, body).status_code == 302


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    image_id=st.one_of(
        st.text(max_size=30),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(["١", "1.5", "1e3", " 1", "0x1", "null", "[]"]),
    )
)
def test_hostile_ids_in_media_blocks_never_break_or_attach_foreign_media(
    client, district, department, image_id
):
    page = Page.objects.filter(title="Bài có ảnh").first() or media_test_article(district)
    foreign = get_image_model().objects.filter(collection=department.access.collection).first()
    foreign = foreign or wagtail_factories.ImageFactory(collection=department.access.collection)
    editor = get_user_model().objects.filter(username="editor-hostile-media").first()
    client.force_login(editor or member(district, "editor", "editor-hostile-media"))
    value = image_id.replace("\x00", "")
    body = [("image", {"image": value, "caption": "", "credit": ""})]
    response = post_body(client, page.specific, body)
    assert response.status_code in (200, 302)
    latest = latest_draft(page)
    assert all(
        block.value["image"] != foreign for block in latest.body if block.block_type == "image"
    )


# --- approvers manage their editors -----------------------------------------------------


def test_approver_adds_and_removes_editors_of_their_unit_only(client, district, department):
    newcomer = get_user_model().objects.create_user("nguyen-van-a")
    client.force_login(member(district, "approver"))
    url = reverse("units_editors", args=[district.pk])
    client.post(url, {"action": "add", "username": "nguyen-van-a"})
    assert district.access.editors.user_set.filter(pk=newcomer.pk).exists()
    assert "nguyen-van-a" in client.get(url).content.decode()

    client.post(url, {"action": "remove", "user_id": newcomer.pk})
    assert not district.access.editors.user_set.filter(pk=newcomer.pk).exists()

    other = reverse("units_editors", args=[department.pk])
    assert client.get(other).status_code in (302, 403)
    client.post(other, {"action": "add", "username": "nguyen-van-a"})
    assert not department.access.editors.user_set.exists()


def test_editors_cannot_manage_the_editor_group(client, district):
    newcomer = get_user_model().objects.create_user("nguyen-van-b")
    client.force_login(member(district, "editor"))
    url = reverse("units_editors", args=[district.pk])
    assert client.post(url, {"action": "add", "username": "nguyen-van-b"}).status_code in (302, 403)
    assert not district.access.editors.user_set.filter(pk=newcomer.pk).exists()


def test_unknown_user_is_a_clear_message(client, district):
    client.force_login(member(district, "approver"))
    response = client.post(
        reverse("units_editors", args=[district.pk]), {"action": "add", "username": "khong-co"}
    )
    assert response.status_code == 200
    assert "Không có người dùng đang hoạt động với tên này." in response.content.decode()
    assert not district.access.editors.user_set.exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    action=st.sampled_from(["add", "remove", "", "xoa"]),
    username=st.text(max_size=300),
    user_id=st.one_of(st.text(max_size=20), st.integers().map(str)),
)
def test_hostile_editor_form_input_never_breaks_or_changes_other_groups(
    client, district, department, action, username, user_id
):
    approver = get_user_model().objects.filter(username="approver-hostile").first() or member(
        district, "approver", "approver-hostile"
    )
    client.force_login(approver)
    response = client.post(
        reverse("units_editors", args=[district.pk]),
        {"action": action, "username": username.replace("\x00", ""), "user_id": user_id},
    )
    assert response.status_code in (200, 302)
    assert not department.access.editors.user_set.exists()
    assert not department.access.approvers.user_set.exists()


def test_administrators_see_which_units_each_user_can_edit(admin_client, client, district, commune):
    editor = member(district, "editor")
    response = admin_client.get(reverse("units_user_units"))
    text = response.content.decode()
    assert editor.username in text
    assert district.title in text and commune.title in text  # sub-units included
    assert set(editable_units(editor)) == {district.specific, commune.specific}

    client.force_login(editor)
    assert client.get(reverse("units_user_units")).status_code in (302, 403)
