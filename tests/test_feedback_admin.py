"""The admin inbox through real HTTP: who sees which items, the actions and who may take
them, the audit log, filters, export, attachments and the overdue panel."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from feedback import handling
from feedback.models import FeedbackItem, QuestionPage

from .factories import CategoryFactory, UnitPageFactory
from .test_feedback import png_bytes

Status = FeedbackItem.Status
INDEX = "/admin/feedback/items/"

SENDER = {
    "name": "Trần Thị Bảo Ngọc",
    "email": "ngoc.tran@example.vn",
    "phone": "0987654321",
    "address": "Khu phố 3, phường 2, Tây Ninh",
}


def receive(unit, category, subject="Hỏi về thủ tục chuyển sinh hoạt Đảng", **extra):
    data = {**SENDER, "subject": subject, "message": "Xin hướng dẫn thủ tục.", **extra}
    return handling.receive(
        data, unit=unit, category=category, attachment_type=extra.get("attachment_type", "")
    )


def edit_url(item):
    return reverse("feedback_items:edit", args=[item.pk])


def rich(html):
    """What the admin's rich text editor posts for ``html``."""
    from wagtail.admin.rich_text import get_rich_text_editor_widget

    return get_rich_text_editor_widget().format_value(html)


def act(client, item, action, **fields):
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    return client.post(edit_url(item), data)


@pytest.fixture
def units(province, district):
    commune = UnitPageFactory(parent=district, title="Đảng ủy xã Thanh Phước")
    department = UnitPageFactory(parent=province, title="Ban Tổ chức Tỉnh ủy")
    return {"province": province, "district": district, "commune": commune, "dept": department}


@pytest.fixture
def items(units, category):
    return {
        "province": receive(units["province"], category, "Câu hỏi gửi Tỉnh ủy"),
        "district": receive(units["district"], category, "Câu hỏi gửi Huyện ủy Gò Dầu"),
        "commune": receive(units["commune"], category, "Câu hỏi gửi xã Thanh Phước"),
        "dept": receive(units["dept"], category, "Câu hỏi gửi Ban Tổ chức"),
        "unrouted": receive(None, category, "Câu hỏi chưa rõ đơn vị"),
    }


@pytest.fixture
def people(units, unit_user):
    return {
        "editor": unit_user(units["district"], "editor", "bientap-go-dau"),
        "approver": unit_user(units["district"], "approver", "duyet-go-dau"),
        "dept_editor": unit_user(units["dept"], "editor", "bientap-ban-to-chuc"),
    }


def refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def login(user):
    client = Client()
    client.force_login(user)
    return client


def listed(client, query=""):
    response = client.get(INDEX + query)
    assert response.status_code == 200
    return {
        item.tracking_code
        for item in FeedbackItem.objects.all()
        if item.tracking_code in response.content.decode()
    }


# --- who sees what -------------------------------------------------------------------


def test_unit_people_see_their_unit_and_sub_units_only(client, items, people, admin_client):
    codes = {key: item.tracking_code for key, item in items.items()}
    client = login(people["editor"])
    assert listed(client) == {codes["district"], codes["commune"]}
    client = login(people["dept_editor"])
    assert listed(client) == {codes["dept"]}
    assert listed(admin_client) == set(codes.values())


def test_other_units_items_are_not_reachable_by_id(client, items, people):
    client = login(people["dept_editor"])
    for item in (items["district"], items["unrouted"]):
        assert client.get(edit_url(item)).status_code == 404
        assert client.get(reverse("feedback_items:history", args=[item.pk])).status_code == 404
        assert act(client, item, "close", note="x").status_code == 404
        assert client.get(reverse("feedback_items:attachment", args=[item.pk])).status_code == 404
    assert FeedbackItem.objects.filter(status=Status.CLOSED).count() == 0


def test_people_without_a_unit_have_no_inbox(client, items, django_user_model):
    from django.contrib.auth.models import Permission

    outsider = django_user_model.objects.create_user("khach", "k@example.invalid", "x" * 12)
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = login(outsider)
    assert refused(client.get(INDEX))
    assert client.get(edit_url(items["province"])).status_code == 404


def test_categories_and_outbox_are_for_administrators(client, items, people, admin_client):
    client = login(people["approver"])
    assert refused(client.get("/admin/feedback/categories/"))
    assert refused(client.get("/admin/feedback/outbox/"))
    assert admin_client.get("/admin/feedback/categories/").status_code == 200
    assert admin_client.get("/admin/feedback/outbox/").status_code == 200


# --- actions and the audit log --------------------------------------------------------


def test_editor_replies_approver_publishes(client, items, people, qa_index):
    item = items["district"]
    client = login(people["editor"])
    mail.outbox.clear()
    response = act(client, item, "reply", reply=rich("<p>Đồng chí liên hệ Văn phòng Huyện ủy.</p>"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.ANSWERED and item.replied_by == people["editor"]
    assert item.mails.filter(kind="answered").exists()
    # The editor cannot approve publication.
    assert refused(act(client, item, "publish", title="T", question="Q"))
    assert not QuestionPage.objects.exists()
    # The sender did not consent: the approver cannot publish either.
    client = login(people["approver"])
    assert "action-publish" not in client.get(edit_url(item)).content.decode()
    item.consent_publish = True
    item.save()
    response = act(
        client,
        item,
        "publish",
        title="Thủ tục chuyển sinh hoạt Đảng",
        question="Xin hướng dẫn thủ tục chuyển sinh hoạt Đảng.",
    )
    assert response.status_code == 302 and response["Location"] == edit_url(item)
    page = QuestionPage.objects.get()
    assert page.live and page.get_parent().pk == qa_index.pk
    assert page.unit.pk == item.unit_id
    item.refresh_from_db()
    assert item.public_page_id == page.pk
    assert item.publication_approved_by == people["approver"]
    actions = list(
        ModelLogEntry.objects.for_instance(item)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    assert actions == [
        ("feedback.received", None),
        ("feedback.reply", "bientap-go-dau"),
        ("feedback.approve", "duyet-go-dau"),
    ]
    history = client.get(reverse("feedback_items:history", args=[item.pk]))
    assert history.status_code == 200
    assert "Duyệt công bố" in history.content.decode()


def test_forward_with_a_note_moves_the_item(client, items, people, units, admin_client):
    item = items["unrouted"]
    response = act(admin_client, item, "forward", unit=units["district"].pk, note="Thuộc địa bàn")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.unit_id == units["district"].pk and item.status == Status.IN_PROGRESS
    client = login(people["editor"])
    page = client.get(edit_url(item)).content.decode()
    assert "Chuyển từ Chưa rõ đơn vị đến Huyện ủy Gò Dầu: Thuộc địa bàn" in page
    # Forwarded away to another unit: the district loses it, the department gets it.
    assert act(client, item, "forward", unit=units["dept"].pk, note="Sai đơn vị").status_code == 302
    assert client.get(edit_url(item)).status_code == 404
    client = login(people["dept_editor"])
    assert client.get(edit_url(item)).status_code == 200


def test_forward_needs_a_note_and_a_real_unit(client, items, people):
    client = login(people["editor"])
    item = items["district"]
    for data in ({"unit": 999999, "note": "x"}, {"unit": items["dept"].unit_id, "note": ""}):
        response = act(client, item, "forward", **data)
        assert response.status_code == 200
    item.refresh_from_db()
    assert item.unit_id == items["district"].unit_id


def test_assign_spam_duplicate_close_reopen(client, items, people):
    client = login(people["approver"])
    item, other = items["district"], items["commune"]
    assert act(client, item, "assign", assigned_to=people["editor"].pk).status_code == 302
    item.refresh_from_db()
    assert item.assigned_to == people["editor"] and item.status == Status.IN_PROGRESS
    # Only the unit's people can be assigned.
    assert act(client, item, "assign", assigned_to=people["dept_editor"].pk).status_code == 200
    assert act(client, other, "duplicate", duplicate_of=item.tracking_code).status_code == 302
    other.refresh_from_db()
    assert other.status == Status.DUPLICATE and other.duplicate_of == item
    # A code of an item this user cannot see is not accepted.
    third = receive(item.unit, item.category)
    response = act(client, third, "duplicate", duplicate_of=items["dept"].tracking_code)
    assert response.status_code == 200 and "Không có góp ý nào mang mã này" in (
        response.content.decode()
    )
    assert act(client, third, "spam", note="Quảng cáo").status_code == 302
    assert act(client, item, "close", note="Đã xử lý qua điện thoại").status_code == 302
    item.refresh_from_db()
    assert item.status == Status.CLOSED and item.closed_at
    assert act(client, item, "reopen").status_code == 302
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    # A closed item offers only "reopen": any other action posted is refused.
    assert refused(act(client, third, "reply", reply=rich("<p>x</p>")))
    logged = set(
        ModelLogEntry.objects.filter(user=people["approver"]).values_list("action", flat=True)
    )
    assert {
        "feedback.assign",
        "feedback.duplicate",
        "feedback.spam",
        "feedback.close",
        "feedback.reopen",
    } <= logged


def test_empty_reply_is_refused(client, items, people):
    client = login(people["editor"])
    response = act(client, items["district"], "reply", reply=rich("<p> </p>"))
    assert response.status_code == 200
    assert "Nội dung trả lời đang trống" in response.content.decode()
    # Not what the editor posts (hand-made requests): refused as missing, never a 500.
    for value in ("<p>not contentstate</p>", "{}", "[1]", '{"blocks": 5}'):
        response = act(client, items["district"], "reply", reply=value)
        assert response.status_code == 200, value
    assert FeedbackItem.objects.get(pk=items["district"].pk).status == Status.NEW


def test_script_is_escaped_in_the_admin(client, units, category, people):
    script = "<script>alert('admin')</script>"
    item = receive(units["district"], category, subject=script, name=script)
    item.message = script
    item.save()
    client = login(people["editor"])
    for url in (INDEX, edit_url(item), reverse("feedback_items:history", args=[item.pk])):
        html = client.get(url).content.decode()
        assert "<script>alert('admin')" not in html, url


# --- listing: filters, export -------------------------------------------------------


def test_filters_status_unit_category_date_overdue(client, items, people, units, admin_client):
    late = items["district"]
    FeedbackItem.objects.filter(pk=late.pk).update(due_date=datetime.date(2020, 1, 1))
    FeedbackItem.objects.filter(pk=items["commune"].pk).update(status=Status.ANSWERED)
    other_category = CategoryFactory(name="Kiểm tra, giám sát")
    FeedbackItem.objects.filter(pk=items["dept"].pk).update(
        category=other_category, received_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)
    )
    codes = {key: item.tracking_code for key, item in items.items()}
    assert listed(admin_client, "?overdue=true") == {codes["district"]}
    assert listed(admin_client, "?status=answered") == {codes["commune"]}
    assert listed(admin_client, f"?unit={units['district'].pk}") == {
        codes["district"],
        codes["commune"],
    }
    assert listed(admin_client, f"?category={other_category.pk}") == {codes["dept"]}
    assert listed(admin_client, "?received_at_to=2025-12-31") == {codes["dept"]}
    # Hostile filter values are ignored, never an error.
    for query in ("?status=<x>", "?unit=abc", "?received_at_from=31/31/2025", "?overdue=maybe"):
        assert admin_client.get(INDEX + query).status_code == 200
    client = login(people["editor"])
    assert listed(client, f"?unit={units['dept'].pk}") == {codes["district"], codes["commune"]}


def test_overdue_rows_are_highlighted_and_on_the_dashboard(client, items, people):
    FeedbackItem.objects.filter(pk=items["commune"].pk).update(due_date=datetime.date(2020, 1, 1))
    FeedbackItem.objects.filter(pk=items["dept"].pk).update(due_date=datetime.date(2020, 1, 1))
    client = login(people["editor"])
    assert "Quá hạn" in client.get(INDEX).content.decode()
    dashboard = client.get("/admin/").content.decode()
    assert "Góp ý quá hạn trả lời" in dashboard
    assert items["commune"].tracking_code in dashboard
    assert items["dept"].tracking_code not in dashboard  # another unit's


def test_export_csv_and_xlsx_hold_only_what_the_user_sees(client, items, people):
    client = login(people["editor"])
    response = client.get(INDEX + "?export=csv")
    assert response.status_code == 200
    assert "gop-y.csv" in response["Content-Disposition"]
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert {row["Mã tra cứu"] for row in rows} == {
        items["district"].tracking_code,
        items["commune"].tracking_code,
    }
    assert {row["Họ và tên"] for row in rows} == {SENDER["name"]}
    response = client.get(INDEX + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    assert "Trạng thái" in header and "Hạn trả lời" in header
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == {items["district"].tracking_code, items["commune"].tracking_code}
    # Filters apply to the export too.
    response = client.get(INDEX + "?export=csv&status=answered")
    assert (
        len(
            list(
                csv.DictReader(
                    io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
                )
            )
        )
        == 0
    )


# --- attachments --------------------------------------------------------------------------


def test_attachment_downloads_for_the_unit_only_never_inline(client, units, category, people):
    upload = SimpleUploadedFile("anh.png", png_bytes())
    item = receive(units["district"], category, attachment=upload, attachment_type="image/png")
    client = login(people["editor"])
    response = client.get(reverse("feedback_items:attachment", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png_bytes()
    client = login(people["dept_editor"])
    assert client.get(reverse("feedback_items:attachment", args=[item.pk])).status_code == 404
    anonymous = Client().get(reverse("feedback_items:attachment", args=[item.pk]))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
